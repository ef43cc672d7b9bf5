//! Harness (mmdiag's): ladder_strat's sizing around the entropy optimizer, one side per case,
//! with the bot's entropy_optimizer.rs, entropy_distribution.rs and optimizer.rs at the commit.
//! Stand-ins below replace what the pasted code reads from the rest of the bot; each says what.
#![allow(dead_code, unused_imports, deprecated, clippy::all)]

pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
mod helpers;
pub use helpers::*;
mod harness;

pub mod market_maker {
    pub mod quoting {
        pub mod ladder {
            pub mod entropy_distribution;
            pub mod entropy_optimizer;
            pub mod optimizer;
            pub use entropy_distribution::*;
            pub use entropy_optimizer::*;
            pub use optimizer::*;
        }
    }
}
use market_maker::quoting::ladder::*;
use std::cell::RefCell;
use tracing::{debug, info, warn};

/// Stand-in for `MarketParams`: the fields the pasted code reads, from the case.
#[derive(Default)]
pub struct MarketParams {
    pub leverage: f64,
    pub margin_available: f64,
    pub microprice: f64,
    pub flow_imbalance: f64,
    pub position_opposes_momentum: bool,
    pub urgency_score: f64,
    pub falling_knife_score: f64,
    pub rising_knife_score: f64,
    pub predicted_alpha: f64,
    pub as_warmed_up: bool,
    pub kelly_time_horizon: f64,
    pub use_entropy_distribution: bool,
    pub use_kelly_stochastic: bool,
    pub kelly_fraction: f64,
    pub kelly_alpha_touch: f64,
    pub kelly_alpha_decay_bps: f64,
    pub sigma: f64,
    pub volatility_regime: VolatilityRegime,
    pub entropy_min_entropy: f64,
    pub entropy_base_temperature: f64,
    pub entropy_min_allocation_floor: f64,
    pub entropy_thompson_samples: usize,
    pub jump_ratio: f64,
    pub sigma_effective: f64,
    pub should_pull_quotes: bool,
    pub tail_risk_multiplier: f64,
    pub book_imbalance: f64,
}

/// Stand-in for the estimator's `VolatilityRegime` (read only on the non-entropy branches,
/// which the harness never takes: `use_entropy_distribution` is true, its default).
#[derive(Default, Debug)]
pub struct VolatilityRegime;
impl VolatilityRegime {
    pub fn kelly_fraction_multiplier(&self) -> f64 {
        1.0
    }
}

/// Stand-in for `QuoteConfig`: the three fields the sizing reads.
pub struct QuoteConfig {
    pub min_notional: f64,
    pub sz_decimals: u32,
    pub decimals: u32,
}

/// Stand-in for `LadderConfig`: the fields the sizing reads.
pub struct LadderConfig {
    pub min_level_size: f64,
    pub fees_bps: f64,
    pub num_levels: usize,
    pub min_depth_bps: f64,
}

/// Stand-in for `LadderParams` (only handed to the level-parameter stand-ins).
pub struct LadderParams {
    pub sigma: f64,
    pub kappa: f64,
}

/// Stand-in for quoting/ladder `LadderLevel` (same three fields).
#[derive(Clone, Debug)]
pub struct LadderLevel {
    pub price: f64,
    pub size: f64,
    pub depth_bps: f64,
}

/// Stand-in for `Ladder` (a Vec where the bot has a SmallVec: retain, truncate, push, len,
/// iter and indexing behave the same). `generate` answers the case's ladder.
#[derive(Clone, Debug, Default)]
pub struct Ladder {
    pub bids: Vec<LadderLevel>,
    pub asks: Vec<LadderLevel>,
}

thread_local! {
    static GENERATED: RefCell<Ladder> = RefCell::new(Ladder::default());
    /// Per level of the case (by the bits of its depth): fill intensity, spread capture, AS.
    static LEVEL_INPUTS: RefCell<Vec<(u64, f64, f64, f64)>> = RefCell::new(Vec::new());
}

impl Ladder {
    pub fn generate(_config: &LadderConfig, _params: &LadderParams) -> Ladder {
        GENERATED.with(|g| g.borrow().clone())
    }
}

fn level_input(depth_bps: f64) -> (f64, f64, f64) {
    LEVEL_INPUTS.with(|l| {
        let found = l.borrow().iter().find(|x| x.0 == depth_bps.to_bits()).copied();
        let (_, fi, sc, a) = found.expect("a ladder level of the case");
        (fi, sc, a)
    })
}

/// Stand-ins for ladder_strat's three per-level model functions: the case's values.
fn fill_intensity_with_model(_m: &(), depth_bps: f64, _s: f64, _t: f64, _k: f64) -> f64 {
    level_input(depth_bps).0
}
fn spread_capture_at_depth(depth_bps: f64, _p: &LadderParams, _fees_bps: f64) -> f64 {
    level_input(depth_bps).1
}
fn adverse_selection_at_depth(depth_bps: f64, _p: &LadderParams) -> f64 {
    level_input(depth_bps).2
}

/// Stand-in for `LadderStrategy`: `self.fill_model` is read only by the stand-in above.
pub struct LadderStrategy {
    fill_model: (),
}

include!(concat!(env!("OUT_DIR"), "/sizing_fn.rs"));

fn main() {
    harness::serve(|c| {
        let n = c.usize("n");
        let (d, f, s, a) = (
            c.vec("levels.depth_bps"),
            c.vec("levels.fill_intensity"),
            c.vec("levels.spread_capture"),
            c.vec("levels.adverse_selection"),
        );
        let (prices, sizes) = (c.vec("ladder_prices"), c.vec("ladder_sizes"));
        let levels: Vec<LadderLevel> = (0..n)
            .map(|i| LadderLevel { price: prices[i], size: sizes[i], depth_bps: d[i] })
            .collect();
        LEVEL_INPUTS.with(|l| {
            *l.borrow_mut() = (0..n).map(|i| (d[i].to_bits(), f[i], s[i], a[i])).collect()
        });
        let bid = c.str("side") == "bid";
        // The other side: no levels, and a capacity that never cuts its level count.
        let other = 1e300;
        GENERATED.with(|g| {
            *g.borrow_mut() = if bid {
                Ladder { bids: levels, asks: Vec::new() }
            } else {
                Ladder { bids: Vec::new(), asks: levels }
            }
        });
        let mp = MarketParams {
            leverage: c.f64("leverage"),
            margin_available: c.f64("available_margin"),
            microprice: c.f64("microprice"),
            flow_imbalance: c.f64("flow_imbalance"),
            position_opposes_momentum: c.bool("position_opposes_momentum"),
            urgency_score: c.f64("urgency_score"),
            falling_knife_score: c.f64("falling_knife_score"),
            rising_knife_score: c.f64("rising_knife_score"),
            use_entropy_distribution: true,
            use_kelly_stochastic: true,
            entropy_min_entropy: c.f64("entropy_min_entropy"),
            entropy_base_temperature: c.f64("entropy_base_temperature"),
            entropy_min_allocation_floor: c.f64("entropy_min_allocation_floor"),
            entropy_thompson_samples: c.usize("entropy_thompson_samples"),
            jump_ratio: c.f64("jump_ratio"),
            sigma_effective: c.f64("sigma_effective"),
            should_pull_quotes: c.bool("should_pull_quotes"),
            tail_risk_multiplier: c.f64("tail_risk_multiplier"),
            book_imbalance: c.f64("book_imbalance"),
            ..Default::default()
        };
        let config = QuoteConfig {
            min_notional: c.f64("min_notional"),
            sz_decimals: c.u32("sz_decimals"),
            decimals: c.u32("decimals"),
        };
        let ladder_config = LadderConfig {
            min_level_size: 0.001,
            fees_bps: 3.5,
            num_levels: c.usize("num_levels"),
            min_depth_bps: c.f64("min_depth_bps"),
        };
        let params = LadderParams { sigma: 1e-4, kappa: 1000.0 };
        rand::set_draws(&c.vec("normals"));
        let strategy = LadderStrategy { fill_model: () };
        let cap = c.f64("max_position");
        let (for_bids, for_asks) = if bid { (cap, other) } else { (other, cap) };
        let ladder = strategy.sizing(
            &mp,
            &config,
            &ladder_config,
            &params,
            c.f64("position"),
            c.f64("effective_max_position"),
            1000.0,
            for_bids,
            for_asks,
        );
        let out = if bid { &ladder.bids } else { &ladder.asks };
        let mut answer = harness::Answer::new();
        answer
            .vec("out_sizes", &out.iter().map(|l| l.size).collect::<Vec<_>>())
            .vec("out_prices", &out.iter().map(|l| l.price).collect::<Vec<_>>())
            .vec("out_depths", &out.iter().map(|l| l.depth_bps).collect::<Vec<_>>())
            .vec("draws", &rand::take_used())
            .messages();
        answer
    });
}
