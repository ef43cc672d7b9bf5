//! Harness (mmdiag's): `EntropyConstrainedOptimizer::new(config, price, margin_available,
//! max_position, leverage).optimize(levels, regime)` alone, the bot's two entropy files and
//! optimizer.rs (the level and allocation types) at the commit.
#![allow(dead_code, unused_imports, deprecated)]

pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
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

fn main() {
    harness::serve(|c| {
        let n = c.usize("n");
        let (d, f, s, m, a) = (
            c.vec("levels.depth_bps"),
            c.vec("levels.fill_intensity"),
            c.vec("levels.spread_capture"),
            c.vec("levels.margin_per_unit"),
            c.vec("levels.adverse_selection"),
        );
        let levels: Vec<LevelOptimizationParams> = (0..n)
            .map(|i| LevelOptimizationParams {
                depth_bps: d[i],
                fill_intensity: f[i],
                spread_capture: s[i],
                margin_per_unit: m[i],
                adverse_selection: a[i],
            })
            .collect();
        #[allow(unused_mut)]
        let mut distribution = EntropyDistributionConfig {
            min_entropy: c.f64("min_entropy"),
            base_temperature: c.f64("base_temperature"),
            toxicity_temp_scale: c.f64("toxicity_temp_scale"),
            dirichlet_prior: c.f64("dirichlet_prior"),
            min_allocation_floor: c.f64("min_allocation_floor"),
            spread_capture_weight: c.f64("spread_capture_weight"),
            fill_prob_weight: c.f64("fill_prob_weight"),
            negative_sc_penalty: c.f64("negative_sc_penalty"),
            thompson_samples: c.usize("thompson_samples"),
            adaptive_temperature: c.bool("adaptive_temperature"),
            max_temp_multiplier: c.f64("max_temp_multiplier"),
            ..Default::default()
        };
        #[cfg(net_ev)]
        {
            distribution.as_confidence = c.f64("as_confidence");
            distribution.min_touch_ev = c.f64("min_touch_ev");
        }
        let config = EntropyOptimizerConfig {
            distribution,
            min_notional: c.f64("min_notional"),
            soft_notional_constraint: c.bool("soft_notional_constraint"),
            notional_soft_factor: c.f64("notional_soft_factor"),
            redistribute_filtered: c.bool("redistribute_filtered"),
            ..Default::default()
        };
        let regime = MarketRegime {
            toxicity: c.f64("toxicity"),
            volatility_ratio: c.f64("volatility_ratio"),
            cascade_severity: c.f64("cascade_severity"),
            book_imbalance: c.f64("book_imbalance"),
        };
        rand::set_draws(&c.vec("normals"));
        let mut optimizer = EntropyConstrainedOptimizer::new(
            config,
            c.f64("price"),
            c.f64("margin_available"),
            c.f64("max_position"),
            c.f64("leverage"),
        );
        let r = optimizer.optimize(&levels, &regime);
        let mut answer = harness::Answer::new();
        answer
            .vec("sizes", &r.sizes)
            .vec("probabilities", &r.distribution.probabilities)
            .vec("utilities", &r.distribution.utilities)
            .f64("entropy", r.distribution.entropy)
            .f64("effective_levels", r.distribution.effective_levels)
            .f64("temperature_used", r.distribution.temperature_used)
            .bool("min_entropy_binding", r.distribution.min_entropy_binding)
            .f64("margin_used", r.margin_used)
            .f64("position_used", r.position_used)
            .str("binding_constraint", &format!("{:?}", r.binding_constraint))
            .int("active_levels", r.active_levels as i64)
            .vec("draws", &rand::take_used())
            .messages();
        answer
    });
}
