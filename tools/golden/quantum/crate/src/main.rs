//! Harness (mmdiag's): the bot's config/capacity.rs (SizeQuantum) on each case.
#![allow(dead_code, unused_imports, clippy::all)]
mod helpers;
pub use helpers::*;
mod harness;

pub mod market_maker {
    pub mod config {
        pub mod auto_derive {
            use serde::{Deserialize, Serialize};
            include!("pieces/capital_tier.rs");
        }
        pub mod capacity;
    }
}
use market_maker::config::capacity::SizeQuantum;

fn main() {
    harness::serve(|c| {
        let q = SizeQuantum::compute(c.f64("min_notional"), c.f64("mark_px"), c.u32("sz_decimals"));
        let raw = c.f64("raw");
        let mut answer = harness::Answer::new();
        answer.f64("min_viable_size", q.min_viable_size).f64("step", q.step);
        match q.clamp_to_viable(raw, true) {
            Some(v) => answer.f64("round_up", v),
            None => answer.bool("round_up", false),
        };
        match q.clamp_to_viable(raw, false) {
            Some(v) => answer.f64("no_round_up", v),
            None => answer.bool("no_round_up", false),
        };
        answer.bool("sufficient", q.is_sufficient(raw));
        answer
    });
}
