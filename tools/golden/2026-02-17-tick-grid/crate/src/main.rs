//! Harness (mmdiag's): ladder_strat's tick-grid path, both sides of one cycle per case, with
//! the bot's tick_grid.rs, risk_budget.rs and config/capacity.rs at the commit. Stand-ins below
//! replace what the pasted code reads from the rest of the bot; each says what.
#![allow(dead_code, unused_imports, unused_variables, deprecated, clippy::all)]

pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
mod harness;
mod helpers;
pub use helpers::*;
// ladder_strat's own items the commit has: KILL_CLEAR_INVENTORY_RATIO (9ef59cf),
// cap_size_for_self_impact (3c0b542)
include!("pieces/items.rs");

pub mod market_maker {
    pub mod config {
        pub mod auto_derive {
            use serde::{Deserialize, Serialize};
            include!("pieces/capital_tier.rs");
        }
        pub mod capacity;
    }
    pub mod quoting {
        pub mod ladder {
            pub mod risk_budget;
            pub mod tick_grid;
        }
    }
}
use market_maker::config::auto_derive::CapitalTier;
use market_maker::config::capacity::{CapitalAwarePolicy, SizeQuantum};
use market_maker::quoting::ladder::risk_budget::*;
use market_maker::quoting::ladder::tick_grid::*;
use smallvec::SmallVec;
use std::cell::RefCell;
use tracing::{debug, info, warn};

/// Stand-in for ladder_strat's `PositionZone` (read until 547f779).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionZone {
    Green,
    Yellow,
    Red,
    Kill,
}

/// Stand-in for `MarketParams`: the fields the pasted code reads, from the case.
pub struct MarketParams {
    pub microprice: f64,
    pub leverage: f64,
    pub margin_available: f64,
    pub kappa_spread_bps: Option<f64>,
    pub capital_policy: CapitalAwarePolicy,
    pub rate_limit_headroom_pct: f64,
    pub sigma: f64,
    pub kelly_time_horizon: f64,
    pub regime_gamma_multiplier: f64,
    pub adaptive_warmup_progress: f64,
    pub tick_size_bps: f64,
    pub should_pull_quotes: bool,
    pub conviction_ask_tightening: f64,
    pub conviction_direction: f64,
    pub conviction_corroboration: usize,
    pub near_touch_depth_usd: f64,
}

/// Stand-in for `QuoteConfig`: the three fields the pasted code reads.
pub struct QuoteConfig {
    pub min_notional: f64,
    pub sz_decimals: u32,
    pub decimals: u32,
}

/// Stand-in for `LadderConfig`: the fields the pasted code reads.
pub struct LadderConfig {
    pub num_levels: usize,
    pub self_impact_max_ratio: f64,
}

/// Stand-in for `LadderParams` (only handed to `Ladder::generate`).
pub struct LadderParams;

/// Stand-in for `RiskConfig`: the maker fee.
pub struct RiskConfig {
    pub maker_fee_rate: f64,
}

/// Stand-in for the `DynamicDepthGenerator`: the GLFT spread of the case, as a fraction
/// (the case's `glft_optimal_bps` / 1e4, which x 1e4 gives back exactly).
pub struct DepthGenerator {
    spread: f64,
}
impl DepthGenerator {
    pub fn glft_optimal_spread(&self, _gamma: f64, _kappa: f64) -> f64 {
        self.spread
    }
}

/// Stand-in for `LadderStrategy`: the three members the pasted code reads.
pub struct LadderStrategy {
    depth_generator: DepthGenerator,
    risk_config: RiskConfig,
    ladder_config: LadderConfig,
}

/// Stand-in for quoting/ladder `LadderLevel` (same three fields).
#[derive(Clone, Debug)]
pub struct LadderLevel {
    pub price: f64,
    pub size: f64,
    pub depth_bps: f64,
}

/// Stand-in for `Ladder` (same two fields). `generate` answers the case's generator ladder.
#[derive(Clone, Debug, Default)]
pub struct Ladder {
    pub bids: SmallVec<[LadderLevel; 8]>,
    pub asks: SmallVec<[LadderLevel; 8]>,
}

thread_local! {
    static GENERATED: RefCell<Ladder> = RefCell::new(Ladder::default());
}

impl Ladder {
    pub fn generate(_config: &LadderConfig, _params: &LadderParams) -> Ladder {
        GENERATED.with(|g| g.borrow().clone())
    }
}

include!(concat!(env!("OUT_DIR"), "/sizing_fn.rs"));

fn tier(name: &str) -> CapitalTier {
    match name {
        "Micro" => CapitalTier::Micro,
        "Small" => CapitalTier::Small,
        "Medium" => CapitalTier::Medium,
        _ => CapitalTier::Large,
    }
}

fn main() {
    harness::serve(|c| {
        let bid = c.str("side") == "bid";
        let generated: SmallVec<[LadderLevel; 8]> = c
            .vec("ladder_sizes")
            .iter()
            .map(|&size| LadderLevel { price: 1.0, size, depth_bps: 1.0 })
            .collect();
        GENERATED.with(|g| {
            *g.borrow_mut() = Ladder { bids: generated.clone(), asks: generated.clone() }
        });
        let kappa_spread_bps = if c.bool("has_kappa_spread_bps") {
            Some(c.f64("kappa_spread_bps"))
        } else {
            None
        };
        let mp = MarketParams {
            microprice: c.f64("microprice"),
            leverage: c.f64("leverage"),
            margin_available: c.f64("available_margin"),
            kappa_spread_bps,
            capital_policy: CapitalAwarePolicy::from_tier(tier(&c.str("tier"))),
            rate_limit_headroom_pct: c.f64("rate_limit_headroom_pct"),
            sigma: c.f64("sigma"),
            kelly_time_horizon: c.f64("kelly_time_horizon"),
            regime_gamma_multiplier: c.f64("regime_gamma_multiplier"),
            adaptive_warmup_progress: c.f64("adaptive_warmup_progress"),
            tick_size_bps: c.f64("tick_size_bps"),
            should_pull_quotes: false,
            conviction_ask_tightening: c.f64("conviction_ask_tightening"),
            conviction_direction: c.f64("conviction_direction"),
            conviction_corroboration: c.usize("conviction_corroboration"),
            near_touch_depth_usd: c.f64("near_touch_depth_usd"),
        };
        let config = QuoteConfig {
            min_notional: c.f64("min_notional"),
            sz_decimals: c.u32("sz_decimals"),
            decimals: c.u32("decimals"),
        };
        let ladder_config = LadderConfig {
            num_levels: c.usize("num_levels"),
            self_impact_max_ratio: c.f64("self_impact_max_ratio"),
        };
        let strategy = LadderStrategy {
            depth_generator: DepthGenerator { spread: c.f64("glft_optimal_bps") / 10_000.0 },
            risk_config: RiskConfig { maker_fee_rate: c.f64("maker_fee_rate") },
            ladder_config: LadderConfig {
                num_levels: c.usize("num_levels"),
                self_impact_max_ratio: c.f64("self_impact_max_ratio"),
            },
        };
        // The other side: the same capacity (so a level-count warning is this side's) and no
        // margin (so it gets no tick level and never a self-impact cap).
        let capacity = c.f64("position_capacity");
        let margin = c.f64("margin_capacity");
        let (margin_bids, margin_asks) = if bid { (margin, 0.0) } else { (0.0, margin) };
        let ladder = strategy.sizing(
            &mp,
            &config,
            &ladder_config,
            &LadderParams,
            c.f64("position"),
            c.f64("effective_max_position"),
            0.1,
            1000.0,
            c.f64("effective_floor_bps"),
            c.f64("glft_optimal_bps"),
            c.f64("as_at_touch_bps"),
            capacity,
            capacity,
            margin_bids,
            margin_asks,
        );
        let out = if bid { &ladder.bids } else { &ladder.asks };
        let mut answer = harness::Answer::new();
        answer
            .vec("sizes", &out.iter().map(|l| l.size).collect::<Vec<_>>())
            .vec("prices", &out.iter().map(|l| l.price).collect::<Vec<_>>())
            .vec("depths", &out.iter().map(|l| l.depth_bps).collect::<Vec<_>>())
            .messages();
        answer
    });
}
