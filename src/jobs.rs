//! The worker pool: tasks that claim jobs from the store, run the pipeline on a blocking
//! thread, and store the results (with re-submission matching) or the failure. The queue is
//! the database, so a killed process loses nothing: its job's lease runs out and any worker —
//! this process after a restart, or another `dossier worker` on the same PostgreSQL — takes
//! it over, up to the configured attempts.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::blobs::Blobs;
use crate::checks::RuleConfig;
use crate::config::Config;
use crate::ingest::Limits;
use crate::ocr::OcrSettings;
use crate::pipeline::{self, PipelineError, Progress};
use crate::resubmit;
use crate::store::Store;
use crate::store::jobs::Claim;

/// What every worker shares.
#[derive(Clone)]
pub struct Workers {
    pub store: Store,
    pub blobs: Blobs,
    pub rules: Arc<RuleConfig>,
    pub limits: Limits,
    pub ocr: OcrSettings,
    pub lease: Duration,
    /// Testing aid (`job_delay_ms`): a pause after each claim.
    pub delay: Duration,
    /// Woken by an upload so an idle worker starts at once instead of at its next poll.
    pub wake: Arc<Notify>,
}

/// How often an idle worker looks for work when nothing wakes it (another process's uploads).
const POLL: Duration = Duration::from_millis(500);

impl Workers {
    pub fn new(config: &Config, store: Store, rules: Arc<RuleConfig>) -> Workers {
        Workers {
            store,
            blobs: Blobs::new(&config.data_dir),
            rules,
            limits: config.limits(),
            ocr: config.ocr(),
            lease: Duration::from_secs(config.job_lease_secs),
            delay: Duration::from_millis(config.job_delay_ms),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Starts `n` workers; they stop claiming when `stop` turns true.
    pub fn spawn(&self, n: usize, stop: watch::Receiver<bool>) -> Vec<JoinHandle<()>> {
        let prefix = format!("{}-{}", std::process::id(), &crate::auth::new_token()[..6]);
        (0..n)
            .map(|i| {
                let w = self.clone();
                let name = format!("{prefix}-{i}");
                let stop = stop.clone();
                tokio::spawn(async move { w.run(name, stop).await })
            })
            .collect()
    }

    async fn run(self, name: String, mut stop: watch::Receiver<bool>) {
        let lease_ms = i64::try_from(self.lease.as_millis()).unwrap_or(i64::MAX);
        while !*stop.borrow() {
            if let Err(e) = self.store.reap_expired_jobs().await {
                tracing::warn!(error = %e, "cannot reap expired jobs");
            }
            match self.store.claim_job(&name, lease_ms).await {
                Ok(Some(claim)) => {
                    let span =
                        tracing::info_span!("job", dossier = claim.dossier_id, attempt = claim.attempt);
                    if let Err(e) = self.process(&claim).instrument(span.clone()).await {
                        span.in_scope(|| tracing::error!(error = format!("{e:#}"), "job failed"));
                        if let Err(e) = self.store.fail_job(&claim, &format!("{e:#}"), false).await {
                            tracing::error!(error = %e, "cannot record the job's failure");
                        }
                    }
                    continue;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cannot claim a job"),
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Checks one dossier. A file the pipeline refuses is a permanent failure, recorded here;
    /// an `Err` is anything else (I/O, database, a panic) and will be retried.
    async fn process(&self, claim: &Claim) -> anyhow::Result<()> {
        tracing::info!(file = %claim.file_name, "checking");
        let started = std::time::Instant::now();
        let bytes = self
            .blobs
            .read(&claim.sha256)
            .await
            .with_context(|| format!("cannot read the stored file {}", claim.sha256))?;
        let renew = self.keep_lease(claim.clone());
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        let (rules, limits, ocr) = (self.rules.clone(), self.limits, self.ocr.clone());
        let name = claim.file_name.clone();
        let span = tracing::Span::current();
        let (progress_tx, progress_rx) = watch::channel(None);
        let reporter = self.report_progress(claim.clone(), progress_rx);
        let outcome = tokio::task::spawn_blocking(move || {
            let report = |p: Progress| {
                progress_tx.send_replace(Some(p));
            };
            span.in_scope(|| pipeline::check_bytes_reporting(&name, bytes, &rules, &limits, &ocr, &report))
        })
        .await;
        renew.abort();
        // The sender went with the blocking task: the reporter writes the last value and ends.
        let _ = reporter.await;
        let mut checked = match outcome.context("the check panicked")? {
            Ok(checked) => checked,
            Err(e @ (PipelineError::Ingest(_) | PipelineError::Extract(_))) => {
                tracing::warn!(error = %e, "the file cannot be checked");
                self.store.fail_job(claim, &e.to_string(), true).await?;
                return Ok(());
            }
        };
        // The unit-wide rule needs the other dossiers: it runs here, not in the pipeline.
        let booked = self.store.unit_bookings(claim.dossier_id, &checked.slots).await?;
        let conflicts = crate::checks::unit::conflicts(&checked.slots, &booked, &self.rules);
        if !conflicts.is_empty() {
            checked.report.defects.extend(conflicts);
            checked
                .report
                .defects
                .sort_by(|a, b| a.page.cmp(&b.page).then(a.rule.cmp(&b.rule)));
        }
        let previous = self.store.previous_version_defects(claim.dossier_id).await?;
        let defects = resubmit::classify(&previous, checked.report.defects.clone());
        if self.store.save_results(claim, &checked, &defects).await? {
            tracing::info!(
                defects = checked.report.defects.len(),
                ms = started.elapsed().as_millis() as u64,
                "done"
            );
        } else {
            tracing::warn!("the job was taken over by another worker; results discarded");
        }
        Ok(())
    }

    /// Writes the pipeline's progress to the job row as it changes. The watch channel keeps
    /// only the latest value, so a slow database sees fewer writes, never a backlog.
    fn report_progress(&self, claim: Claim, mut rx: watch::Receiver<Option<Progress>>) -> JoinHandle<()> {
        let store = self.store.clone();
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let Some(p) = *rx.borrow_and_update() else {
                    continue;
                };
                let (done, total) = match p {
                    Progress::Ocr { done, total } => (Some(done as i64), Some(total as i64)),
                    _ => (None, None),
                };
                if let Err(e) = store.set_job_progress(&claim, p.stage(), done, total).await {
                    tracing::warn!(error = %e, "cannot record the job's progress");
                }
            }
        })
    }

    /// Renews the lease every third of its length until aborted.
    fn keep_lease(&self, claim: Claim) -> JoinHandle<()> {
        let store = self.store.clone();
        let lease = self.lease;
        let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                match store.renew_lease(&claim, lease_ms).await {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => tracing::warn!(error = %e, "cannot renew the job's lease"),
                }
            }
        })
    }
}
