//! `svcctl top`: a live dashboard. I/O tasks (registry, active-count sources, own load, keys,
//! ticks) feed one event channel; [`state::TopState::reduce`] turns events into state; the view
//! is a pure function of the state.

pub mod app;
pub mod batch;
pub mod event;
pub mod keymap;
pub mod sources;
pub mod state;
#[cfg(test)]
mod testutil;
pub mod theme;
pub mod view;
