//! One module per subcommand.

pub mod build;
pub mod check;
pub mod new;
pub mod schema;
pub mod search;
pub mod serve;
