//! Harness (mmdiag's): wraps the code build.py extracted from ladder_strat.rs@cf48daa (inline
//! code of the bot's `generate_ladder`, which `include!` cannot take as statements) into the
//! harness's function, by replacing the markers of `src/sizing_fn.rs.in` with the pieces.
use std::{env, fs, path::Path};

fn main() {
    let mut text = fs::read_to_string("src/sizing_fn.rs.in").expect("sizing_fn.rs.in");
    for (marker, piece) in [("/*MARGIN*/", "src/pieces/margin.rs"), ("/*SIZING*/", "src/pieces/sizing.rs")] {
        let code = fs::read_to_string(piece).unwrap_or_else(|_| panic!("{piece}"));
        text = text.replace(marker, &code);
        println!("cargo:rerun-if-changed={piece}");
    }
    println!("cargo:rerun-if-changed=src/sizing_fn.rs.in");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("sizing_fn.rs");
    fs::write(out, text).unwrap();
}
