//! A stand-in for `rand`: no randomness. Draws come from a queue the harness fills from the
//! case's input (`rand_distr`'s stand-in turns them into variates), and every variate handed
//! to the bot's code is recorded, so the harness can give the port the very same values.
use std::cell::RefCell;
use std::collections::VecDeque;

thread_local! {
    static DRAWS: RefCell<VecDeque<f64>> = RefCell::new(VecDeque::new());
    static USED: RefCell<Vec<f64>> = RefCell::new(Vec::new());
    static SHAPES: RefCell<Vec<f64>> = RefCell::new(Vec::new());
}

/// The shape of every Gamma variate drawn since the case's `set_draws`, in order (what the
/// bot's code asked for: a port replaying the recorded variates can check it computed the
/// same shapes).
pub fn take_shapes() -> Vec<f64> {
    SHAPES.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

#[doc(hidden)]
pub fn __record_shape(shape: f64) {
    SHAPES.with(|s| s.borrow_mut().push(shape));
}

/// Every variate handed to the bot's code since the last call, in order.
pub fn take_used() -> Vec<f64> {
    USED.with(|u| std::mem::take(&mut *u.borrow_mut()))
}

#[doc(hidden)]
pub fn __record_used(x: f64) {
    USED.with(|u| u.borrow_mut().push(x));
}

/// The values the next `sample` calls return, in order.
pub fn set_draws(values: &[f64]) {
    DRAWS.with(|d| *d.borrow_mut() = values.iter().copied().collect());
    SHAPES.with(|s| s.borrow_mut().clear());
}

/// How many queued draws were not used.
pub fn draws_left() -> usize {
    DRAWS.with(|d| d.borrow().len())
}

#[doc(hidden)]
pub fn __next_draw() -> f64 {
    DRAWS.with(|d| d.borrow_mut().pop_front().expect("the case gave too few draws"))
}

pub trait RngCore {}
pub trait Rng: RngCore {
    /// A uniform draw in [0, 1): the queued value taken modulo 1.
    fn gen<T: FromDraw>(&mut self) -> T {
        let u = __next_draw().rem_euclid(1.0);
        __record_used(u);
        T::from_draw(u)
    }
}
impl<R: RngCore + ?Sized> Rng for R {}

pub trait FromDraw {
    fn from_draw(x: f64) -> Self;
}
impl FromDraw for f64 {
    fn from_draw(x: f64) -> Self {
        x
    }
}

pub trait SeedableRng: Sized {
    fn from_entropy() -> Self;
    fn seed_from_u64(seed: u64) -> Self;
}

pub mod rngs {
    #[derive(Clone, Debug)]
    pub struct SmallRng;
    impl super::RngCore for SmallRng {}
    impl super::SeedableRng for SmallRng {
        fn from_entropy() -> Self {
            SmallRng
        }
        fn seed_from_u64(_seed: u64) -> Self {
            SmallRng
        }
    }
    #[derive(Clone, Debug)]
    pub struct StdRng;
    impl super::RngCore for StdRng {}
    impl super::SeedableRng for StdRng {
        fn from_entropy() -> Self {
            StdRng
        }
        fn seed_from_u64(_seed: u64) -> Self {
            StdRng
        }
    }
}

pub fn thread_rng() -> rngs::SmallRng {
    rngs::SmallRng
}
