//! Harness (mmdiag's): wraps the code build.py extracted from the bot's ladder_strat.rs (inline
//! code of `generate_ladder`, which `include!` cannot take as statements) into the harness's
//! function, by replacing the markers of `src/sizing_fn.rs.in` with the pieces.
//!
//! Each statement piece runs from its first anchor up to, not including, the line of its
//! second (build.py keeps that line; it is dropped here). `rest.rs` runs from the level count
//! to the end of `generate_ladder`; from 6a432ff it is `rest1.rs` (to the tick-grid branch) and
//! `legacy.rs` (the legacy branch to the end), joined as the bot's own `if`/`else` would: the
//! tick-grid branch is left out (its `use_tick_grid` is off on this path).
use std::{env, fs, path::Path};

fn piece(name: &str) -> Option<String> {
    let path = format!("src/pieces/{name}");
    println!("cargo:rerun-if-changed={path}");
    fs::read_to_string(path).ok()
}

/// The piece without the line of its closing anchor.
fn up_to_anchor(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    lines.join("\n") + "\n"
}

fn main() {
    let mut text = fs::read_to_string("src/sizing_fn.rs.in").expect("sizing_fn.rs.in");
    let margin = up_to_anchor(&piece("margin.rs").expect("margin piece"));
    let rest = match (piece("rest.rs"), piece("rest1.rs"), piece("legacy.rs")) {
        (Some(rest), _, _) => up_to_anchor(&rest),
        (None, Some(rest1), Some(legacy)) => {
            let open = if margin.contains("let margin_skip") {
                "let mut ladder = if margin_skip { Ladder::default() } else {\n"
            } else {
                "let ladder = {\n"
            };
            up_to_anchor(&rest1) + open + &up_to_anchor(&legacy)
        }
        _ => panic!("no rest piece"),
    };
    for (marker, code) in [
        ("/*REGIME*/", piece("regime.rs").expect("regime piece")),
        ("/*ZONE*/", piece("zone.rs").unwrap_or_default()),
        ("/*MARGIN*/", margin),
        ("/*REST*/", rest),
    ] {
        text = text.replace(marker, &code);
    }
    println!("cargo:rerun-if-changed=src/sizing_fn.rs.in");
    let out_dir = env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir);
    fs::write(out.join("sizing_fn.rs"), text).unwrap();
    // The bot's top-level items the pieces read (constants, dynamic_margin_utilization,
    // cap_size_for_self_impact) and its capacity types from d1d2d49; stand-ins before.
    let items = piece("items.rs").unwrap_or_default();
    fs::write(out.join("items.rs"), items).unwrap();
    let mut capacity = piece("capacity.rs").unwrap_or_default();
    if !capacity.contains("pub enum CapitalTier") {
        capacity += EARLY_TIER;
    }
    if capacity.contains("pub struct CapitalAwarePolicy") {
        capacity += POLICY_FOR;
    } else {
        capacity += EARLY_POLICY;
    }
    fs::write(out.join("capacity.rs"), capacity).unwrap();
}

/// Stand-ins for the commits before the bot had these types (CapitalTier from 7408ba2,
/// CapitalAwarePolicy from 2e9e412): they only let the harness's MarketParams compile; the
/// code of those commits never reads them.
const EARLY_TIER: &str = "
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapitalTier { Micro, Small, Medium, Large }
";
const EARLY_POLICY: &str = "
#[derive(Debug, Clone, Default)]
pub struct CapitalAwarePolicy { pub skip_entropy_optimization: bool, pub use_tick_grid: bool }
pub fn policy_for(_policy: &mut CapitalAwarePolicy, _tier: CapitalTier) {}
";
/// The policy the bot's quote engine hands the strategy (`capacity_budget.policy()`, i.e.
/// `from_tier`, quote_engine.rs@2e9e412:2317).
const POLICY_FOR: &str = "
pub fn policy_for(policy: &mut CapitalAwarePolicy, tier: CapitalTier) {
    *policy = CapitalAwarePolicy::from_tier(tier);
}
";
