//! The unit of work: every change to the database goes through one. It begins the write
//! transaction (IMMEDIATE on SQLite, so a read-then-write cannot fail with SQLITE_BUSY), takes
//! the change's audit entries and mail in the same transaction, commits, and only then wakes the
//! mail sender: mail exists exactly for changes that committed, and a slow mail server never
//! holds a transaction open. Dropped without [`UnitOfWork::commit`], it rolls everything back.

use std::ops::Deref;

use chrono::{DateTime, Utc};
use itp_persistence::audit::{self, Actor, Entry};
use itp_persistence::{DatabaseTransaction, begin_write};

use super::context::Context;
use super::error::OpResult;
use crate::mail::{self, Message};

pub struct UnitOfWork<'a> {
    tx: DatabaseTransaction,
    ctx: &'a Context<'a>,
    /// One moment for the whole change, so its rows and audit entries agree.
    now: DateTime<Utc>,
    audited: usize,
    mailed: usize,
}

impl<'a> UnitOfWork<'a> {
    pub(super) async fn begin(ctx: &'a Context<'a>) -> OpResult<UnitOfWork<'a>> {
        Ok(UnitOfWork {
            tx: begin_write(ctx.conn()).await?,
            ctx,
            now: ctx.now(),
            audited: 0,
            mailed: 0,
        })
    }

    /// The transaction, for repository calls.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.tx
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn actor(&self) -> &Actor {
        &self.ctx.actor
    }

    pub fn context(&self) -> &Context<'a> {
        self.ctx
    }

    /// Records one change in the audit log, in this transaction.
    pub async fn audit(&mut self, entry: Entry<'_>) -> OpResult<()> {
        audit::record(&self.tx, &self.ctx.actor, self.now, entry).await?;
        self.audited += 1;
        Ok(())
    }

    /// Puts a message in the outbox, in this transaction; it goes out after the commit, or,
    /// when held, once a person releases it (so a held one does not wake the sender).
    pub async fn mail(&mut self, message: &Message<'_>) -> OpResult<i32> {
        let id = mail::queue(&self.tx, self.ctx.state, message).await?;
        if !message.hold {
            self.mailed += 1;
        }
        Ok(id)
    }

    /// Wakes the mail sender after the commit though no message was queued here (a message put
    /// back in the queue).
    pub fn wake_sender_after_commit(&mut self) {
        self.mailed += 1;
    }

    /// How many audit entries this change has written so far.
    pub fn audited(&self) -> usize {
        self.audited
    }

    /// Commits the change, raising the data version (`itp_persistence::data_version`); then, if it
    /// queued mail, wakes this instance's sender.
    pub async fn commit(self) -> OpResult<()> {
        let mailed = self.mailed;
        let state = self.ctx.state;
        // Last, so the version row is locked only for the moment before the commit; whatever
        // this change touched, a page kept for the old version is computed again.
        itp_persistence::data_version::raise(&self.tx).await?;
        self.tx.commit().await?;
        if mailed > 0 {
            state.mail.nudge();
        }
        Ok(())
    }
}

impl Deref for UnitOfWork<'_> {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}
