//! Teams: orders, the plan's dispatch doctrine, travel, extrication, road clearing and rest.
//!
//! A team moves through ICS-like states: available → (mobilising, once) → en route → working →
//! resting after its shift → available. Travel time is the road network's shortest route at the
//! team's speed, scaled by road class and state; aviation flies straight. Orders and doctrine
//! both go through `assign::assign`, so a dispatch means the same whoever gives it.

mod assign;
mod doctrine;
mod orders;
mod posts;
mod travel;
mod work;

pub use doctrine::{dispatch_by_doctrine, review_due};
pub use orders::{carry_out_orders, orders_due};
pub use work::advance_teams;
