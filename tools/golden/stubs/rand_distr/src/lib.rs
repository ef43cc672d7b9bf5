//! A stand-in for `rand_distr`. `Gamma::sample` turns the next queued standard normal z into a
//! Gamma(shape, scale) variate by the Wilson-Hilferty cube (a deterministic stand-in for the
//! real sampler: the bot seeds its generator from entropy, so no log can be replayed draw for
//! draw anyway); `Normal::sample` is mean + std_dev * z. Each variate is recorded (rand's
//! `take_used`) so the port can be handed exactly what the bot's code received, and each
//! Gamma's shape (rand's `take_shapes`) so it can check it asked for the same ones.
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
        rand::__record_shape(self.shape);
        let z = rand::__next_draw();
        let c = 1.0 / (9.0 * self.shape);
        let cube = (1.0 - c + z * c.sqrt()).max(0.0);
        let x = (self.shape * cube * cube * cube * self.scale).max(1e-300);
        rand::__record_used(x);
        x
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
        let x = self.mean + self.std_dev * rand::__next_draw();
        rand::__record_used(x);
        x
    }
}
