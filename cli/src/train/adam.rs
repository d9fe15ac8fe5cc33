//! The Adam optimiser (Kingma and Ba, 2015) with PyTorch's defaults, over a flat parameter vector.

/// Adam state: first and second moment estimates per parameter and the step count.
#[derive(Debug, Clone)]
pub struct Adam {
    lr: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
    m: Vec<f32>,
    v: Vec<f32>,
    step: i32,
}

impl Adam {
    /// Adam for `n` parameters with learning rate `lr` and PyTorch's defaults
    /// (beta1 0.9, beta2 0.999, eps 1e-8).
    pub fn new(n: usize, lr: f32) -> Adam {
        Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            m: vec![0.0; n],
            v: vec![0.0; n],
            step: 0,
        }
    }

    /// One update of `params` along `grad` (same length as at construction).
    pub fn step(&mut self, params: &mut [f32], grad: &[f32]) {
        self.step = self.step.saturating_add(1);
        let bc1 = 1.0 - self.beta1.powi(self.step);
        let bc2 = 1.0 - self.beta2.powi(self.step);
        // PyTorch's form: p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps).
        let step_size = self.lr / bc1;
        let inv_sqrt_bc2 = 1.0 / bc2.sqrt();
        let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grad)
            .zip(self.m.iter_mut())
            .zip(self.v.iter_mut())
        {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= step_size * *m / (v.sqrt() * inv_sqrt_bc2 + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_moves_each_parameter_by_lr_against_the_gradient_sign() {
        // After one step m_hat = g and v_hat = g^2, so the move is lr * g / (|g| + eps).
        let mut p = vec![1.0_f32, -2.0, 0.5];
        let mut opt = Adam::new(3, 0.01);
        opt.step(&mut p, &[3.0, -0.25, 0.0]);
        assert!((p[0] - 0.99).abs() < 1e-6);
        assert!((p[1] - (-1.99)).abs() < 1e-6);
        assert_eq!(p[2], 0.5);
    }

    #[test]
    fn minimises_a_quadratic() {
        // f(x) = sum (x_i - c_i)^2 has its minimum at c.
        let c = [3.0_f32, -1.0];
        let mut x = vec![0.0_f32; 2];
        let mut opt = Adam::new(2, 0.05);
        for _ in 0..2000 {
            let g: Vec<f32> = x.iter().zip(&c).map(|(a, b)| 2.0 * (a - b)).collect();
            opt.step(&mut x, &g);
        }
        assert!(
            (x[0] - 3.0).abs() < 1e-2 && (x[1] + 1.0).abs() < 1e-2,
            "{x:?}"
        );
    }
}
