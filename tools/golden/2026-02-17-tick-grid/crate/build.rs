//! Harness (mmdiag's): pastes the pieces build.py extracted from ladder_strat.rs (inline code of
//! the bot's `generate_ladder`, which `include!` cannot take as statements) into the harness's
//! function, at the markers of `src/sizing_fn.rs.in`. A piece the commit does not have (its
//! file is absent) leaves its marker empty. The anchors cut a statement short of its closing
//! tokens, so each present piece gets them back here.
use std::{env, fs, path::Path};

fn main() {
    let mut text = fs::read_to_string("src/sizing_fn.rs.in").expect("sizing_fn.rs.in");
    for (marker, piece, closing) in [
        ("/*LEVERAGE*/", "src/pieces/leverage.rs", ""),
        // `if available_margin < EPSILON { warn!(..); return Ladder::generate(..);` + `}`
        ("/*MARGIN_RETURN*/", "src/pieces/margin_return.rs", "\n}\n"),
        // `let margin_skip = ..; if margin_skip { warn!(.., "...guaranteed quotes"` + `); }`
        ("/*MARGIN_SKIP*/", "src/pieces/margin_skip.rs", "\n);\n}\n"),
        ("/*GRID*/", "src/pieces/grid.rs", ""),
        // the floor through the ASK's `info!(.., "GUARANTEED ASK: ..."` + `); } } }`
        ("/*FLOOR*/", "src/pieces/floor.rs", "\n);\n}\n}\n}\n"),
    ] {
        println!("cargo:rerun-if-changed={piece}");
        let code = match fs::read_to_string(piece) {
            Ok(code) if !code.trim().is_empty() => code + closing,
            _ => String::new(),
        };
        text = text.replace(marker, &code);
    }
    println!("cargo:rerun-if-changed=src/sizing_fn.rs.in");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("sizing_fn.rs");
    fs::write(out, text).unwrap();
}
