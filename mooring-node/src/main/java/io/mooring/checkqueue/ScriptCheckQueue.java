package io.mooring.checkqueue;

import io.mooring.script.ScriptError;
import io.mooring.script.SignatureVerifier;
import io.mooring.validation.ScriptCheck;
import io.mooring.validation.ScriptCheckRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a block's script checks on {@code -par} threads, the calling thread included (as Core's master thread joins
 * its workers). Checks are taken in small batches from a shared cursor; the first failure stops everyone. Which
 * failure is reported when several inputs fail is whichever is found first, as in Core.
 */
public final class ScriptCheckQueue implements ScriptCheckRunner, AutoCloseable {
    /** Core's {@code MAX_SCRIPTCHECK_THREADS}: at most 15 verification threads besides the caller. */
    public static final int MAX_SCRIPTCHECK_THREADS = 15;
    /** Checks a thread takes at once: big enough to amortise the cursor, small enough to balance. */
    private static final int BATCH = 16;

    private final SignatureVerifier verifier;
    private final int workers;
    private final ExecutorService pool;

    /**
     * @param workers threads besides the caller (Core's {@code -par} minus one); 0 runs everything on the caller
     */
    public ScriptCheckQueue(SignatureVerifier verifier, int workers) {
        if (workers < 0 || workers > MAX_SCRIPTCHECK_THREADS) {
            throw new IllegalArgumentException("workers must be in [0, " + MAX_SCRIPTCHECK_THREADS + "], got " + workers);
        }
        this.verifier = verifier;
        this.workers = workers;
        AtomicInteger n = new AtomicInteger();
        this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, String.format("scriptch.%02d", n.getAndIncrement())); // Core's thread name
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Core's {@code -par} to worker threads: 0 means one per core (minus the caller), a negative value leaves that
     * many cores free, and the total is clamped to 1..16 threads including the caller.
     */
    public static int workersFor(int par, int cores) {
        int threads = par <= 0 ? cores + par : par;
        threads = Math.max(1, Math.min(threads, MAX_SCRIPTCHECK_THREADS + 1));
        return threads - 1;
    }

    public int workers() {
        return workers;
    }

    @Override
    public Optional<Failure> runAll(List<ScriptCheck> checks) {
        AtomicInteger cursor = new AtomicInteger();
        AtomicReference<Failure> failure = new AtomicReference<>();
        Runnable work = () -> {
            while (failure.get() == null) {
                int start = cursor.getAndAdd(BATCH);
                if (start >= checks.size()) return;
                int end = Math.min(start + BATCH, checks.size());
                for (int i = start; i < end && failure.get() == null; i++) {
                    ScriptCheck c = checks.get(i);
                    ScriptError e = c.run(verifier);
                    if (e != ScriptError.OK) failure.compareAndSet(null, new Failure(c, e));
                }
            }
        };
        List<Future<?>> futures = new ArrayList<>();
        if (pool != null && checks.size() > BATCH) {
            for (int i = 0; i < workers; i++) futures.add(pool.submit(work));
        }
        work.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying scripts", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("script check failed unexpectedly", e.getCause());
            }
        }
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
