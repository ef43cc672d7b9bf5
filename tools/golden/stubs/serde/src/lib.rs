//! A stand-in for `serde`: the traits' names and derives that do nothing.
pub use serde_derive::{Deserialize, Serialize};
pub trait Serialize {}
pub trait Deserialize<'de> {}
