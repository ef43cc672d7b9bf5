//! A stand-in for `rand_distr`: `Gamma::sample` returns the next draw the case gave (a real
//! Gamma(shape, 1) variate chosen by the case generator), so the port can replay it.
use rand::Rng;

pub trait Distribution<T> {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> T;
}

#[derive(Clone, Copy, Debug)]
pub struct Gamma {
    pub shape: f64,
    pub scale: f64,
}

#[derive(Debug)]
pub struct GammaError;

impl Gamma {
    pub fn new(shape: f64, scale: f64) -> Result<Gamma, GammaError> {
        if !(shape > 0.0) || !(scale > 0.0) {
            return Err(GammaError);
        }
        Ok(Gamma { shape, scale })
    }
}

impl Distribution<f64> for Gamma {
    fn sample<R: Rng + ?Sized>(&self, _rng: &mut R) -> f64 {
        rand::__next_draw()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Normal {
    pub mean: f64,
    pub std_dev: f64,
}

impl Normal {
    pub fn new(mean: f64, std_dev: f64) -> Result<Normal, GammaError> {
        Ok(Normal { mean, std_dev })
    }
}

impl Distribution<f64> for Normal {
    fn sample<R: Rng + ?Sized>(&self, _rng: &mut R) -> f64 {
        rand::__next_draw()
    }
}
