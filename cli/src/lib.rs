//! The library behind the `frugal` command: CSV reading and the subcommands, public so that
//! integration tests and fuzz targets can drive them without a process.

pub mod bottleneck;
pub mod demo;
pub mod energy;
pub mod forecast;
pub mod reduce;
pub mod rips;
pub mod score;
pub mod split;
pub mod table;
pub mod train;
