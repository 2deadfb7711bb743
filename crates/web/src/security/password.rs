//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 iterations,
//! 1 lane: OWASP Password Storage Cheat Sheet), through one pool per process.
//!
//! Each hash needs 19 MiB of working memory. Left to itself every request would allocate its own:
//! 48 parallel sign-ins held about 1.2 GiB, and the allocator kept it afterwards. The pool runs at
//! most one hash per CPU at a time, makes the rest wait in a queue for a bounded time (then the
//! request is answered 503, never by growing), and hands each hash a memory block kept from the
//! previous one while others wait; when nobody waits, the block is given back to the system.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;

/// How long a sign-in waits for a free hashing slot before it is answered "busy, try again".
const QUEUE_WAIT: Duration = Duration::from_secs(10);

/// glibc's malloc serves a request above 32 MiB (its largest mmap threshold on 64-bit) with a
/// mapping of its own and unmaps it on free; below that, freed blocks stay in the heap and the
/// process keeps them. Reserving this much (of which only 19 MiB is ever touched, so resident
/// memory is 19 MiB) makes a dropped block go back to the system.
const RESERVED_BLOCKS: usize = 33 * 1024;

/// The pool is full and the wait ran out: the caller answers 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// Hashing failed for a reason no retry fixes (the random source, a broken parameter).
#[derive(Debug)]
pub enum HashError {
    Busy,
    Failed(String),
}

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HashError::Busy => f.write_str("every password hashing slot is busy"),
            HashError::Failed(why) => write!(f, "password hashing failed: {why}"),
        }
    }
}

impl std::error::Error for HashError {}

/// At most `slots` hashes at once; the rest wait up to `wait`.
pub struct HashingPool {
    slots: Semaphore,
    size: usize,
    waiting: AtomicUsize,
    spare: Mutex<Vec<Vec<Block>>>,
    wait: Duration,
}

static POOL: LazyLock<HashingPool> = LazyLock::new(|| {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    HashingPool::new(cpus.clamp(1, 8), QUEUE_WAIT)
});

impl HashingPool {
    pub fn new(slots: usize, wait: Duration) -> HashingPool {
        HashingPool {
            slots: Semaphore::new(slots),
            size: slots,
            waiting: AtomicUsize::new(0),
            spare: Mutex::new(Vec::new()),
            wait,
        }
    }

    /// Runs `work` on a blocking thread with a memory block of at least `blocks` blocks, once a
    /// slot is free.
    async fn run<T: Send + 'static>(
        &'static self,
        blocks: usize,
        work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, Busy> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let permit = tokio::time::timeout(self.wait, self.slots.acquire()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let Ok(Ok(permit)) = permit else {
            tracing::warn!(
                wait_seconds = self.wait.as_secs(),
                "password hashing queue is full; answering busy"
            );
            return Err(Busy);
        };
        let mut memory = self.take_block(blocks);
        let (result, memory) = tokio::task::spawn_blocking(move || {
            let result = work(&mut memory);
            (result, memory)
        })
        .await
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic.into_panic()));
        self.give_back(memory);
        drop(permit);
        Ok(result)
    }

    fn take_block(&self, blocks: usize) -> Vec<Block> {
        let kept = self.spare.lock().map(|mut s| s.pop()).unwrap_or_default();
        match kept {
            Some(block) if block.len() >= blocks => block,
            _ => {
                let mut block = Vec::with_capacity(RESERVED_BLOCKS.max(blocks));
                block.resize(blocks, Block::default());
                block
            }
        }
    }

    /// Keeps the block for a hash that waits; with nobody waiting it goes back to the system.
    fn give_back(&self, block: Vec<Block>) {
        if self.waiting.load(Ordering::SeqCst) == 0 {
            return;
        }
        if let Ok(mut spare) = self.spare.lock()
            && spare.len() < self.size
        {
            spare.push(block);
        }
    }

    /// Blocks kept right now (for tests).
    #[cfg(test)]
    fn kept(&self) -> usize {
        self.spare.lock().map(|s| s.len()).unwrap_or(0)
    }
}

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, LANES, Some(OUTPUT_BYTES))
        .expect("constant argon2 parameters are valid")
}

/// Hashes a password into a PHC string (algorithm, parameters and salt included).
pub async fn hash(password: &str) -> Result<String, HashError> {
    let password = password.to_owned();
    POOL.run(params().block_count(), move |memory| {
        hash_with(memory, &password)
    })
    .await
    .map_err(|Busy| HashError::Busy)?
    .map_err(HashError::Failed)
}

/// Checks a password against a stored hash. When there is no hash (unknown account, or one that
/// never set a password) a dummy hash is checked instead, so the answer takes the same time and
/// does not reveal whether the account exists.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, Busy> {
    let password = password.to_owned();
    let (hash, real) = match stored {
        Some(h) => (h.to_owned(), true),
        None => (dummy_hash().to_owned(), false),
    };
    let blocks = PasswordHash::new(&hash)
        .ok()
        .and_then(|h| Params::try_from(&h).ok())
        .map_or(params().block_count(), |p| p.block_count());
    let ok = POOL
        .run(blocks, move |memory| verify_with(memory, &password, &hash))
        .await?;
    Ok(ok && real)
}

fn hash_with(memory: &mut [Block], password: &str) -> Result<String, String> {
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let params = params();
    let mut out = [0u8; OUTPUT_BYTES];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
        .map_err(|e| e.to_string())?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(Salt::new(&salt).map_err(|e| e.to_string())?),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Recomputes the hash with the stored algorithm, version, parameters and salt, and compares
/// in constant time (`Output`'s equality).
fn verify_with(memory: &mut [Block], password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt.as_ref(), parsed.hash.as_ref()) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
        memory,
    );
    computed.is_ok() && Output::new(&out).is_ok_and(|o| &o == expected)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut memory = vec![Block::default(); params().block_count()];
        hash_with(&mut memory, "not a password anyone has").unwrap_or_default()
    })
}

/// Computes the dummy hash ahead of the first login, so the first unknown-account attempt is not
/// faster than the rest.
pub fn warm_up() {
    let _ = dummy_hash();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_uses_argon2id_with_owasp_parameters() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert_eq!(verify("correct horse battery", Some(&h)).await, Ok(true));
        assert_eq!(verify("wrong horse battery", Some(&h)).await, Ok(false));
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
            .hash_password(b"an older stored password")
            .unwrap()
            .to_string();
        assert_eq!(
            verify("an older stored password", Some(&theirs)).await,
            Ok(true)
        );
        let ours = hash("an older stored password").await.unwrap();
        use argon2::password_hash::PasswordVerifier;
        assert!(
            Argon2::default()
                .verify_password(b"an older stored password", ours.as_str())
                .is_ok()
        );
    }

    #[tokio::test]
    async fn missing_or_malformed_hash_never_verifies() {
        assert_eq!(verify("not a password anyone has", None).await, Ok(false));
        assert_eq!(verify("x", Some("$argon2id$broken")).await, Ok(false));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_full_pool_answers_busy_instead_of_queueing_forever() {
        static SMALL: LazyLock<HashingPool> =
            LazyLock::new(|| HashingPool::new(1, Duration::from_millis(50)));
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let long = tokio::spawn(SMALL.run(8, move |_| {
            started_tx.send(()).unwrap();
            release_rx.recv().unwrap();
        }));
        started_rx.recv().unwrap();
        assert_eq!(SMALL.run(8, |_| ()).await, Err(Busy));
        release_tx.send(()).unwrap();
        long.await.unwrap().unwrap();
        assert_eq!(SMALL.run(8, |m| m.len()).await, Ok(8));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_block_is_kept_only_while_someone_waits() {
        static POOL2: LazyLock<HashingPool> =
            LazyLock::new(|| HashingPool::new(1, Duration::from_secs(5)));
        let runs: Vec<_> = (0..6)
            .map(|_| tokio::spawn(POOL2.run(16, |m| m.len())))
            .collect();
        for run in runs {
            assert_eq!(run.await.unwrap(), Ok(16));
        }
        assert_eq!(POOL2.kept(), 0, "nobody waits: the block went back");
    }
}
