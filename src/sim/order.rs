//! Orders: what a commander (a person, a script or the doctrine) can tell the response to do.
//!
//! Orders name things by their scenario ids; [`Sim::apply`](super::Sim::apply) checks them
//! against the scenario and queues them for the next tick.

use std::fmt;

/// One order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Order {
    /// Send a team to rescue trapped people at a place.
    DispatchRescue { team: String, place: String },
    /// Send a team to clear a blocked road.
    DispatchClearRoad { team: String, road: String },
    /// Recall a team to its base.
    Recall { team: String },
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Order::DispatchRescue { team, place } => write!(f, "dispatch {team} rescue {place}"),
            Order::DispatchClearRoad { team, road } => write!(f, "dispatch {team} clear {road}"),
            Order::Recall { team } => write!(f, "recall {team}"),
        }
    }
}

/// Why an order cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("unknown team `{0}`")]
    UnknownTeam(String),
    #[error("unknown place `{0}`")]
    UnknownPlace(String),
    #[error("unknown road `{0}`")]
    UnknownRoad(String),
}
