//! Harness (mmdiag's): ladder_strat's sizing around ConstrainedLadderOptimizer at cf48daa, one
//! side per case, with the bot's optimizer.rs at that commit. Stand-ins below replace what the
//! pasted code reads from the rest of the bot; each says what.
#![allow(dead_code, unused_imports, clippy::all)]

pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
mod helpers;
pub use helpers::*;
mod harness;

pub mod market_maker {
    pub mod quoting {
        pub mod ladder {
            pub mod optimizer;
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
    pub use_kelly_stochastic: bool,
    pub kelly_fraction: f64,
    pub kelly_time_horizon: f64,
    pub kelly_alpha_touch: f64,
    pub kelly_alpha_decay_bps: f64,
    pub sigma: f64,
    pub volatility_regime: VolatilityRegime,
}

/// Stand-in for the estimator's `VolatilityRegime`: Normal (multiplier 1, so the case's
/// kelly_fraction, inside [0.05, 0.75], reaches the optimizer unchanged by the clamp).
#[derive(Default, Debug)]
pub struct VolatilityRegime;
impl VolatilityRegime {
    pub fn kelly_fraction_multiplier(&self) -> f64 {
        1.0
    }
}

/// Stand-in for `QuoteConfig`: the two fields the sizing reads.
pub struct QuoteConfig {
    pub min_notional: f64,
    pub sz_decimals: u32,
}

/// Stand-in for `LadderConfig`: the fields the sizing reads.
pub struct LadderConfig {
    pub min_level_size: f64,
    pub fees_bps: f64,
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

/// Stand-in for `Ladder` (a Vec where the bot has a SmallVec: retain, len, iter and indexing
/// behave the same). `generate` answers the case's ladder.
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
        let sizes = c.vec("ladder_sizes");
        // The ladder's prices are never read by the sizing: each level's index stands in, so
        // the answer says which levels are left.
        let price = c.f64("price");
        let levels: Vec<LadderLevel> = (0..n)
            .map(|i| LadderLevel { price: i as f64, size: sizes[i], depth_bps: d[i] })
            .collect();
        LEVEL_INPUTS.with(|l| {
            *l.borrow_mut() = (0..n).map(|i| (d[i].to_bits(), f[i], s[i], a[i])).collect()
        });
        let bid = c.str("side") == "bid";
        GENERATED.with(|g| {
            *g.borrow_mut() = if bid {
                Ladder { bids: levels, asks: Vec::new() }
            } else {
                Ladder { bids: Vec::new(), asks: levels }
            }
        });
        let mp = MarketParams {
            leverage: c.f64("leverage"),
            margin_available: c.f64("margin_available"),
            microprice: price,
            use_kelly_stochastic: c.str("method") == "kelly_stochastic",
            kelly_fraction: c.f64("kelly.kelly_fraction"),
            kelly_time_horizon: c.f64("kelly.time_horizon"),
            kelly_alpha_touch: c.f64("kelly.alpha_touch"),
            kelly_alpha_decay_bps: c.f64("kelly.alpha_decay_bps"),
            sigma: c.f64("kelly.sigma"),
            volatility_regime: VolatilityRegime,
        };
        let config = QuoteConfig { min_notional: c.f64("min_notional"), sz_decimals: c.u32("sz_decimals") };
        let ladder_config = LadderConfig { min_level_size: c.f64("min_size"), fees_bps: 3.5 };
        let params = LadderParams { sigma: 1e-4, kappa: 1000.0 };
        let strategy = LadderStrategy { fill_model: () };
        let cap = c.f64("max_position");
        // The other side has no levels: its optimizer never runs and it logs nothing.
        let (for_bids, for_asks) = if bid { (cap, 0.0) } else { (0.0, cap) };
        let ladder = strategy.sizing(&mp, &config, &ladder_config, &params, for_bids, for_asks);
        let out = if bid { &ladder.bids } else { &ladder.asks };
        let mut answer = harness::Answer::new();
        answer
            .vec("out_sizes", &out.iter().map(|l| l.size).collect::<Vec<_>>())
            .vec("out_levels", &out.iter().map(|l| l.price).collect::<Vec<_>>())
            .messages();
        answer
    });
}
