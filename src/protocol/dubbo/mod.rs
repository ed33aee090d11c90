//! The Dubbo binary protocol: framing (pure), request/response bodies (pure, Hessian2).

pub mod frame;

pub use frame::{Event, Frame, FrameError, FrameSplitter, Header, Status};
