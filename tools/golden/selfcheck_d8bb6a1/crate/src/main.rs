//! Harness (mmdiag's): the bot's optimizer.rs at d8bb6a1 on each case.
pub const EPSILON: f64 = 1e-9; // src/consts.rs:4 at every commit
mod harness;
pub mod market_maker {
    pub mod quoting {
        pub mod ladder {
            pub mod optimizer;
        }
    }
}
use market_maker::quoting::ladder::optimizer::*;

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
        let opt = ConstrainedLadderOptimizer::new(
            c.f64("margin_available"),
            c.f64("max_position"),
            c.f64("min_size"),
            c.f64("min_notional"),
            c.f64("price"),
            c.f64("leverage"),
        );
        let alloc = if c.str("method") == "proportional" {
            opt.optimize(&levels)
        } else {
            let kp = KellyStochasticParams {
                sigma: c.f64("kelly.sigma"),
                time_horizon: c.f64("kelly.time_horizon"),
                alpha_touch: c.f64("kelly.alpha_touch"),
                alpha_decay_bps: c.f64("kelly.alpha_decay_bps"),
                kelly_fraction: c.f64("kelly.kelly_fraction"),
            };
            opt.optimize_kelly_stochastic(&levels, &kp)
        };
        let mut a = harness::Answer::new();
        a.vec("sizes", &alloc.sizes)
            .f64("shadow_price", alloc.shadow_price)
            .f64("margin_used", alloc.margin_used)
            .f64("position_used", alloc.position_used)
            .str("binding_constraint", &format!("{:?}", alloc.binding_constraint))
            .messages();
        a
    });
}
