package dev.tunacode.core.coordinator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Applies a batch that writes once however often it is delivered. A router names each batch it sends
 * with an id unique in the cluster; when the same id comes again (the router sent it again after a
 * network blip, or a node it thought lost was not), the second delivery gets the first one's outcome
 * instead of writing again. Outcomes are kept for a bounded time and a bounded size: a delivery later
 * than that, or past the bound, runs again.
 */
final class DeliveredOnce {

  /** How long an outcome answers a repeated delivery. */
  static final Duration KEPT = Duration.ofMinutes(10);
  /** What the kept outcomes may weigh together, about, in bytes of JSON. */
  static final long MAX_BYTES = 32L << 20;

  private final Cache<String, Future<Batch.Outcome>> outcomes = Caffeine.newBuilder()
    .expireAfterWrite(KEPT)
    .maximumWeight(MAX_BYTES)
    .weigher((String id, Future<Batch.Outcome> outcome) -> weight(outcome))
    .executor(Runnable::run)
    .build();

  /**
   * @param batchId the router's id for the batch
   * @param first   runs the batch; called only for the first delivery of the id
   * @return the outcome of the first delivery, and whether this delivery is a repeat
   */
  Delivery deliver(String batchId, Supplier<Future<Batch.Outcome>> first) {
    Future<Batch.Outcome> earlier = outcomes.getIfPresent(batchId);
    if (earlier != null) {
      return new Delivery(earlier, true);
    }
    Future<Batch.Outcome> outcome = first.get();
    outcomes.put(batchId, outcome);
    // Weighed again once complete: a running batch weighs next to nothing, its outcome what it holds.
    outcome.onSuccess(done -> outcomes.asMap().replace(batchId, outcome, outcome));
    return new Delivery(outcome, false);
  }

  /** @param repeat whether an earlier delivery of the same id gave this outcome */
  record Delivery(Future<Batch.Outcome> outcome, boolean repeat) {
  }

  private static int weight(Future<Batch.Outcome> outcome) {
    if (!outcome.succeeded()) {
      return 1;
    }
    return (int) Math.min(Integer.MAX_VALUE, 64 + ResultSize.of(java.util.Arrays.asList(outcome.result().results())));
  }
}
