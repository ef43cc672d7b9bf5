//! Harness (mmdiag's): ladder_strat's legacy path from 2026-02-09 to the head, one side per
//! case, with the bot's entropy_optimizer.rs, entropy_distribution.rs and optimizer.rs (the
//! types they share) at the commit, its SizeQuantum and capital policy (config/capacity.rs)
//! from d1d2d49, and the inline code of `generate_ladder` pasted by build.rs. Stand-ins below
//! replace what the pasted code reads from the rest of the bot; each says what.
#![allow(dead_code, unused_imports, deprecated, non_snake_case, clippy::all)]

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

/// The bot's config/capacity.rs items (SizeQuantum, CapitalAwarePolicy) and auto_derive.rs's
/// CapitalTier at the commit, or build.rs's stand-ins before they existed.
pub mod capacity {
    use crate::truncate_float;
    use serde::{Deserialize, Serialize};
    include!(concat!(env!("OUT_DIR"), "/capacity.rs"));
}
use capacity::*;

impl Default for CapitalTier {
    /// `MarketParams::default()`'s tier (market_params.rs@7408ba2:1194: Large).
    fn default() -> Self {
        CapitalTier::Large
    }
}

// The bot's top-level items of ladder_strat.rs the pasted code reads.
include!(concat!(env!("OUT_DIR"), "/items.rs"));

/// Stand-in for risk::PositionZone (the four variants the pasted code matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionZone {
    Green,
    Yellow,
    Red,
    Kill,
}

/// Stand-in for config::CapacityBudget: the one field the sizing reads.
#[derive(Debug, Clone)]
pub struct CapacityBudget {
    pub min_viable_depth_bps: f64,
}

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
    pub lead_lag_signal_bps: f64,
    pub as_warmed_up: bool,
    pub kelly_time_horizon: f64,
    pub entropy_min_entropy: f64,
    pub entropy_base_temperature: f64,
    pub entropy_min_allocation_floor: f64,
    pub entropy_thompson_samples: usize,
    pub jump_ratio: f64,
    pub sigma_effective: f64,
    pub should_pull_quotes: bool,
    pub tail_risk_multiplier: f64,
    pub tail_risk_intensity: f64,
    pub book_imbalance: f64,
    pub capital_tier: CapitalTier,
    pub capital_policy: CapitalAwarePolicy,
    pub capacity_budget: Option<CapacityBudget>,
    pub avg_entry_price: Option<f64>,
    pub breakeven_price: f64,
    pub unrealized_pnl_bps: f64,
    pub regime_gamma_multiplier: f64,
    pub kill_switch_headroom: f64,
    pub adaptive_warmup_progress: f64,
    pub tick_size_bps: f64,
    pub prob_bearish: f64,
    pub dynamic_max_position: f64,
    pub available_bid_budget: f64,
    pub available_ask_budget: f64,
    pub belief_confidence: f64,
    pub warmup_size_mult: f64,
    pub drift_uncertainty_bps: f64,
    pub drift_rate_per_sec_raw: f64,
    pub drift_rate_per_sec: f64,
    pub conviction_corroboration: usize,
    pub conviction_score: f64,
    pub conviction_q_target: f64,
    pub conviction_margin_shift: f64,
    pub near_touch_depth_usd: f64,
}

/// Stand-in for `QuoteConfig`: the three fields the sizing reads.
pub struct QuoteConfig {
    pub min_notional: f64,
    pub sz_decimals: u32,
    pub decimals: u32,
}

/// Stand-in for the ladder's dynamic depths (read only by a DIAGNOSTIC message from 0151975).
pub struct DynamicDepths {
    pub bid: Vec<f64>,
    pub ask: Vec<f64>,
}

/// Stand-in for `LadderConfig`: the fields the sizing reads.
pub struct LadderConfig {
    pub min_level_size: f64,
    pub fees_bps: f64,
    pub num_levels: usize,
    pub min_depth_bps: f64,
    pub self_impact_max_ratio: f64,
    pub dynamic_depths: Option<DynamicDepths>,
}

/// Stand-in for `LadderParams` (handed to the level-parameter stand-ins and read by a
/// DIAGNOSTIC message).
pub struct LadderParams {
    pub sigma: f64,
    pub kappa: f64,
    pub total_size: f64,
    pub mid_price: f64,
    pub market_mid: f64,
}

/// Stand-in for quoting/ladder `LadderLevel` (same three fields).
#[derive(Clone, Debug)]
pub struct LadderLevel {
    pub price: f64,
    pub size: f64,
    pub depth_bps: f64,
}

/// Stand-in for `Ladder` (a Vec where the bot has a SmallVec: retain, push, len, iter and
/// indexing behave the same). `generate` answers the case's ladder.
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

/// Stand-in for `LadderStrategy`: `self.fill_model` is read only by the stand-in above,
/// `self.ladder_config` for `self_impact_max_ratio` (3c0b542).
pub struct LadderStrategy {
    fill_model: (),
    ladder_config: LadderConfig,
}

impl LadderStrategy {
    /// Stand-in for `effective_gamma` (from 57a1fbf only logged, as `gamma_market`).
    fn effective_gamma(&self, _m: &MarketParams, _q: f64, _max: f64) -> f64 {
        0.0
    }
}

include!(concat!(env!("OUT_DIR"), "/sizing_fn.rs"));

fn ladder_config(c: &harness::Case, depths: &[f64]) -> LadderConfig {
    LadderConfig {
        min_level_size: 0.001,
        fees_bps: 1.5,
        num_levels: c.usize("num_levels"),
        min_depth_bps: c.f64("min_depth_bps"),
        self_impact_max_ratio: c.f64("self_impact_max_ratio"),
        dynamic_depths: Some(DynamicDepths { bid: depths.to_vec(), ask: depths.to_vec() }),
    }
}

fn market_params(c: &harness::Case) -> MarketParams {
    let tier = match c.str("capital_tier").as_str() {
        "Micro" => CapitalTier::Micro,
        "Small" => CapitalTier::Small,
        "Medium" => CapitalTier::Medium,
        _ => CapitalTier::Large,
    };
    #[allow(unused_mut)]
    let mut policy = CapitalAwarePolicy::default();
    policy_for(&mut policy, tier);
    MarketParams {
        leverage: c.f64("leverage"),
        margin_available: c.f64("available_margin"),
        microprice: c.f64("microprice"),
        flow_imbalance: c.f64("flow_imbalance"),
        position_opposes_momentum: c.bool("position_opposes_momentum"),
        urgency_score: c.f64("urgency_score"),
        falling_knife_score: c.f64("falling_knife_score"),
        rising_knife_score: c.f64("rising_knife_score"),
        predicted_alpha: c.f64("predicted_alpha"),
        lead_lag_signal_bps: c.f64("lead_lag_signal_bps"),
        kelly_time_horizon: 60.0,
        entropy_min_entropy: c.f64("entropy_min_entropy"),
        entropy_base_temperature: c.f64("entropy_base_temperature"),
        entropy_min_allocation_floor: c.f64("entropy_min_allocation_floor"),
        entropy_thompson_samples: c.usize("entropy_thompson_samples"),
        jump_ratio: c.f64("jump_ratio"),
        sigma_effective: c.f64("sigma_effective"),
        tail_risk_multiplier: c.f64("tail_risk_multiplier"),
        tail_risk_intensity: c.f64("tail_risk_intensity"),
        book_imbalance: c.f64("book_imbalance"),
        capital_tier: tier,
        capital_policy: policy,
        // config/capacity.rs@d1d2d49: MIN_VIABLE_DEPTH_BPS, the only value it ever holds.
        capacity_budget: Some(CapacityBudget { min_viable_depth_bps: 5.0 }),
        avg_entry_price: None,
        regime_gamma_multiplier: c.f64("regime_gamma_multiplier"),
        kill_switch_headroom: c.f64("kill_switch_headroom"),
        adaptive_warmup_progress: c.f64("adaptive_warmup_progress"),
        tick_size_bps: c.f64("tick_size_bps"),
        prob_bearish: c.f64("prob_bearish"),
        dynamic_max_position: c.f64("dynamic_max_position"),
        available_bid_budget: c.f64("available_bid_budget"),
        available_ask_budget: c.f64("available_ask_budget"),
        belief_confidence: c.f64("belief_confidence"),
        warmup_size_mult: c.f64("warmup_size_mult"),
        drift_uncertainty_bps: c.f64("drift_uncertainty_bps"),
        drift_rate_per_sec_raw: c.f64("drift_rate_per_sec_raw"),
        conviction_corroboration: c.usize("conviction_corroboration"),
        conviction_score: c.f64("conviction_score"),
        conviction_q_target: c.f64("conviction_q_target"),
        conviction_margin_shift: c.f64("conviction_margin_shift"),
        near_touch_depth_usd: c.f64("near_touch_depth_usd"),
        ..Default::default()
    }
}

/// One number for the Gamma shapes the bot's code asked for: sum of shape x (its index + 1),
/// left to right (the port computes it the same way from the shapes it asks for).
fn shapes_digest(shapes: &[f64]) -> f64 {
    shapes.iter().enumerate().fold(0.0, |acc, (k, s)| acc + s * (k as f64 + 1.0))
}

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
        let mp = market_params(c);
        let config = QuoteConfig {
            min_notional: c.f64("min_notional"),
            sz_decimals: c.u32("sz_decimals"),
            decimals: c.u32("decimals"),
        };
        let params = LadderParams {
            sigma: 1e-4,
            kappa: 1000.0,
            total_size: 1.0,
            mid_price: mp.microprice,
            market_mid: mp.microprice,
        };
        rand::set_draws(&c.vec("normals"));
        let strategy = LadderStrategy { fill_model: (), ladder_config: ladder_config(c, &d) };
        let cap = c.f64("available_position");
        let (for_bids, for_asks) = if bid { (cap, other) } else { (other, cap) };
        let ladder = strategy.sizing(
            &mp,
            &config,
            &ladder_config(c, &d),
            &params,
            c.f64("position"),
            c.f64("max_position"),
            c.f64("effective_max_position"),
            1000.0,
            0.1,
            c.f64("fee_bps"),
            c.f64("glft_optimal_bps"),
            c.f64("effective_floor_bps"),
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
            .f64("shapes_digest", shapes_digest(&rand::take_shapes()))
            .messages();
        answer
    });
}
