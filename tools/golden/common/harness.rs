//! The harnesses' line protocol (mmdiag's own code, shared by every version's harness).
//!
//! One case a line on stdin: space-separated `key=value` tokens. A value is an f64 as `x` and
//! 16 hex digits of its IEEE-754 bits, an integer in decimal, `true`/`false`, a string as `s`
//! and its percent-encoded text, a list of f64 as `L` and the floats joined by `,` (`L` alone
//! is empty), or a list of lists as `LL` and lists joined by `;`. One answer a line on stdout
//! in the same form, with every message the bot's code logged during the case as
//! `msg=sLEVEL:text`, in order.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, Write};

pub struct Case(HashMap<String, String>);

impl Case {
    pub fn parse(line: &str) -> Case {
        let mut map = HashMap::new();
        for token in line.split_whitespace() {
            let (k, v) = token.split_once('=').expect("key=value");
            map.insert(k.to_string(), v.to_string());
        }
        Case(map)
    }
    fn raw(&self, key: &str) -> &str {
        self.0.get(key).unwrap_or_else(|| panic!("case lacks {key}"))
    }
    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
    pub fn f64(&self, key: &str) -> f64 {
        bits(self.raw(key))
    }
    pub fn usize(&self, key: &str) -> usize {
        self.raw(key).parse().expect("integer")
    }
    pub fn u32(&self, key: &str) -> u32 {
        self.raw(key).parse().expect("integer")
    }
    pub fn i64(&self, key: &str) -> i64 {
        self.raw(key).parse().expect("integer")
    }
    pub fn bool(&self, key: &str) -> bool {
        self.raw(key) == "true"
    }
    pub fn str(&self, key: &str) -> String {
        decode(self.raw(key).strip_prefix('s').expect("s-prefixed string"))
    }
    pub fn vec(&self, key: &str) -> Vec<f64> {
        list(self.raw(key))
    }
    pub fn vecs(&self, key: &str) -> Vec<Vec<f64>> {
        let raw = self.raw(key).strip_prefix("LL").expect("LL-prefixed list of lists");
        if raw.is_empty() {
            return Vec::new();
        }
        raw.split(';').map(|l| list(&format!("L{l}"))).collect()
    }
}

fn bits(s: &str) -> f64 {
    let hex = s.strip_prefix('x').expect("x-prefixed f64 bits");
    f64::from_bits(u64::from_str_radix(hex, 16).expect("hex f64 bits"))
}

fn list(s: &str) -> Vec<f64> {
    let body = s.strip_prefix('L').expect("L-prefixed list");
    if body.is_empty() {
        return Vec::new();
    }
    body.split(',').map(bits).collect()
}

fn hex(v: f64) -> String {
    format!("x{:016x}", v.to_bits())
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

pub struct Answer(Vec<String>);

impl Answer {
    pub fn new() -> Answer {
        Answer(Vec::new())
    }
    pub fn f64(&mut self, key: &str, v: f64) -> &mut Self {
        self.0.push(format!("{key}={}", hex(v)));
        self
    }
    pub fn int(&mut self, key: &str, v: i64) -> &mut Self {
        self.0.push(format!("{key}={v}"));
        self
    }
    pub fn bool(&mut self, key: &str, v: bool) -> &mut Self {
        self.0.push(format!("{key}={v}"));
        self
    }
    pub fn str(&mut self, key: &str, v: &str) -> &mut Self {
        self.0.push(format!("{key}=s{}", encode(v)));
        self
    }
    pub fn vec(&mut self, key: &str, v: &[f64]) -> &mut Self {
        let joined = v.iter().map(|x| hex(*x)).collect::<Vec<_>>().join(",");
        self.0.push(format!("{key}=L{joined}"));
        self
    }
    /// Every message logged since the last answer, as `msg=sLEVEL:text` tokens.
    pub fn messages(&mut self) -> &mut Self {
        for (level, text) in tracing::take_recorded() {
            self.0.push(format!("msg=s{}", encode(&format!("{level}:{text}"))));
        }
        self
    }
    pub fn line(&self) -> String {
        self.0.join(" ")
    }
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.:()[]<>/+'".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads cases from stdin, answers each with `run`, one line each; a panic is answered as
/// `panic=1` (the port must then say what the bot's code does: it panics).
pub fn serve(run: impl Fn(&Case) -> Answer + std::panic::RefUnwindSafe) {
    std::panic::set_hook(Box::new(|_| {}));
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let case = Case::parse(&line);
        let answer = std::panic::catch_unwind(|| run(&case));
        tracing::take_recorded();
        match answer {
            Ok(a) => writeln!(out, "{}", a.line()).unwrap(),
            Err(_) => writeln!(out, "panic=1").unwrap(),
        }
    }
}
