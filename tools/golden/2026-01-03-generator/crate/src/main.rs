//! Harness (mmdiag's): the bot's `Ladder::generate` at cf48daa (generator.rs, the ladder types of
//! quoting/ladder/mod.rs, DynamicDepths, DepthDecayAS, helpers.rs) on each case, both sides.
#![allow(dead_code, unused_imports, clippy::all)]

pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
mod helpers;
pub use helpers::*;
mod harness;

pub mod market_maker {
    /// Stand-in for infra/capacity.rs: its two inline capacities at cf48daa (8 and 8).
    pub mod infra {
        pub mod capacity {
            pub const DEPTH_INLINE_CAPACITY: usize = 8;
            pub const LADDER_LEVEL_INLINE_CAPACITY: usize = 8;
        }
    }
    pub mod adverse_selection {
        mod depth_decay;
        pub use depth_decay::DepthDecayAS;
    }
    pub mod quoting {
        pub mod ladder {
            mod generator;
            // The imports quoting/ladder/mod.rs gives the items build.py copied from it.
            use crate::market_maker::adverse_selection::DepthDecayAS;
            use crate::market_maker::infra::capacity::LADDER_LEVEL_INLINE_CAPACITY;
            use serde::{Deserialize, Serialize};
            use smallvec::SmallVec;
            include!("pieces/ladder_types.rs");
        }
    }
}
use market_maker::adverse_selection::DepthDecayAS;
use market_maker::quoting::ladder::*;

fn side(a: &mut harness::Answer, name: &str, levels: &LadderLevels) {
    a.vec(&format!("{name}_prices"), &levels.iter().map(|l| l.price).collect::<Vec<_>>())
        .vec(&format!("{name}_sizes"), &levels.iter().map(|l| l.size).collect::<Vec<_>>())
        .vec(&format!("{name}_depths"), &levels.iter().map(|l| l.depth_bps).collect::<Vec<_>>());
}

fn main() {
    harness::serve(|c| {
        let dynamic_depths = if c.bool("dynamic") {
            Some(DynamicDepths { bid: c.vec("bid_depths"), ask: c.vec("ask_depths") })
        } else {
            None
        };
        let config = LadderConfig {
            num_levels: c.usize("num_levels"),
            min_depth_bps: c.f64("min_depth_bps"),
            max_depth_bps: c.f64("max_depth_bps"),
            geometric_spacing: c.bool("geometric_spacing"),
            min_level_size: c.f64("min_level_size"),
            fees_bps: c.f64("fees_bps"),
            as_decay_bps: c.f64("as_decay_bps"),
            dynamic_depths,
        };
        let depth_decay_as = if c.bool("depth_decay") {
            Some(DepthDecayAS::new(c.f64("decay_as_touch_bps"), c.f64("decay_delta_char_bps")))
        } else {
            None
        };
        let params = LadderParams {
            mid_price: c.f64("mid_price"),
            sigma: c.f64("sigma"),
            kappa: c.f64("kappa"),
            arrival_intensity: 0.5,
            as_at_touch_bps: c.f64("as_at_touch_bps"),
            total_size: c.f64("total_size"),
            inventory_ratio: c.f64("inventory_ratio"),
            gamma: c.f64("gamma"),
            time_horizon: c.f64("time_horizon"),
            decimals: c.u32("decimals"),
            sz_decimals: c.u32("sz_decimals"),
            min_notional: c.f64("min_notional"),
            depth_decay_as,
        };
        let ladder = Ladder::generate(&config, &params);
        let mut a = harness::Answer::new();
        side(&mut a, "bids", &ladder.bids);
        side(&mut a, "asks", &ladder.asks);
        a.messages();
        a
    });
}
