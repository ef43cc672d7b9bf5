//! Harness (mmdiag's): `net_ev` when the copied entropy_distribution.rs has the 9b1737b
//! config fields (as_confidence, min_touch_ev), so main.rs sets them only where they exist.
fn main() {
    let text = std::fs::read_to_string("src/market_maker/quoting/ladder/entropy_distribution.rs")
        .expect("entropy_distribution.rs");
    println!("cargo:rustc-check-cfg=cfg(net_ev)");
    if text.contains("pub as_confidence: f64") {
        println!("cargo:rustc-cfg=net_ev");
    }
}
