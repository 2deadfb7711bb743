//! Operations: the one way a change is made, from a page, the `itp` command, a scheduled job or
//! a test. An operation takes a [`Context`] (the application and who acts), opens a
//! [`UnitOfWork`] with [`Context::begin`], does its reads and writes through it, records its
//! audit entries and mail on it, and commits. It returns [`OpResult`]; handlers turn an
//! [`OpError`] into an HTTP answer with `?`, or show their form again with
//! `crate::forms::OrForm`.
//!
//! ```text
//! pub async fn rename(ctx: &Context<'_>, id: i32, name: &str) -> OpResult<()> {
//!     let mut uow = ctx.begin().await?;
//!     let before = programme::find(uow.conn(), id).await?.ok_or(OpError::NotFound)?;
//!     programme::rename(uow.conn(), id, name, uow.now()).await?;
//!     uow.audit(Entry { action: "programme.rename", … }).await?;
//!     uow.commit().await
//! }
//! ```

mod context;
mod error;
mod unit;

pub use context::Context;
pub use error::{Internal, OpError, OpResult};
pub use unit::UnitOfWork;
