//! The training mode in force during an epoch.

use crate::error::{Error, Result};

/// How an epoch was trained: the plain run, with layers frozen, or quantized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Mode {
    /// No intervention.
    #[default]
    Base,
    /// Some layers frozen (fewer weights updated).
    Freeze,
    /// Quantized model.
    Quantize,
}

impl Mode {
    /// All modes, in index order.
    pub const ALL: [Mode; 3] = [Mode::Base, Mode::Freeze, Mode::Quantize];

    /// Parses a mode name as written in training logs: `base`, `freeze`, `quant` or `quantize`
    /// (ASCII case ignored). Anything else is [`Error::UnknownMode`].
    ///
    /// ```
    /// use predict_core::Mode;
    /// assert_eq!(Mode::parse("quant").unwrap(), Mode::Quantize);
    /// assert!(Mode::parse("prune").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Mode> {
        let n = name.trim();
        if n.eq_ignore_ascii_case("base") {
            Ok(Mode::Base)
        } else if n.eq_ignore_ascii_case("freeze") {
            Ok(Mode::Freeze)
        } else if n.eq_ignore_ascii_case("quant") || n.eq_ignore_ascii_case("quantize") {
            Ok(Mode::Quantize)
        } else {
            Err(Error::UnknownMode)
        }
    }

    /// Index 0, 1, 2 in [`Mode::ALL`] order, for per-mode tables.
    pub fn index(self) -> usize {
        match self {
            Mode::Base => 0,
            Mode::Freeze => 1,
            Mode::Quantize => 2,
        }
    }

    /// The name used in logs (`base`, `freeze`, `quant`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Base => "base",
            Mode::Freeze => "freeze",
            Mode::Quantize => "quant",
        }
    }
}
