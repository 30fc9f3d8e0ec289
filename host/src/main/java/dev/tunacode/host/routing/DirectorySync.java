package dev.tunacode.host.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps this node's entry in the cluster's directory map and the local {@link Directory} in step with the
 * map: read again every {@link #PERIOD_MS}, when a node says its entry changed, and when a member comes or goes.
 * A host alone has no map; its directory is its own entry.
 */
public final class DirectorySync {

  /** The cluster-wide map of entries, by node id. */
  public static final String MAP = "tunacode.directory";
  /** Published when a node's entry changed in a way routing must hear at once (a workspace or a tool came or went). */
  public static final String CHANGED = "tunacode.directory.changed";
  /** How often loads are published and the map read again. */
  static final long PERIOD_MS = 1_000;
  /** How often an entry is put again though it has not changed. */
  static final long REPUBLISH_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  private final Vertx vertx;
  private final String node;
  private final Supplier<JsonObject> ownEntry;
  private final Supplier<Set<String>> members;
  private final Directory directory;
  private AsyncMap<String, String> map;
  private MessageConsumer<String> changes;
  private long timer = -1;
  private String published;
  private long publishedAt;
  private boolean reading;
  private boolean readAgain;

  /**
   * @param members the cluster's members now, or null for a host alone
   */
  public DirectorySync(Vertx vertx, String node, Supplier<JsonObject> ownEntry, Supplier<Set<String>> members, Directory directory) {
    this.vertx = vertx;
    this.node = node;
    this.ownEntry = ownEntry;
    this.members = members;
    this.directory = directory;
  }

  /** @return completed once this node's entry is in the map and the directory has been read */
  public Future<Void> start() {
    if (members == null) {
      directory.update(List.of(ownEntry.get()), any -> true);
      timer = vertx.setPeriodic(PERIOD_MS, tick -> directory.update(List.of(ownEntry.get()), any -> true));
      return Future.succeededFuture();
    }
    changes = vertx.eventBus().consumer(CHANGED, message -> refresh());
    return changes.completion()
      .compose(listening -> vertx.sharedData().<String, String>getAsyncMap(MAP))
      .compose(found -> {
        map = found;
        return publish(true);
      })
      .compose(put -> read())
      .andThen(done -> timer = vertx.setPeriodic(PERIOD_MS, tick -> publish(false).onComplete(put -> read())));
  }

  /** Publishes this node's entry now and tells the others, as when a tool came or went. */
  public void changed() {
    if (map == null) {
      directory.update(List.of(ownEntry.get()), any -> true);
      return;
    }
    publish(true).onComplete(put -> read());
  }

  /** Reads the map again, as when a member came or went. */
  public void refresh() {
    if (map == null) {
      return;
    }
    read();
  }

  /** A member left: its entry is taken out of the map by whichever node hears of it (removing twice is harmless). */
  public void left(String gone) {
    directory.forget(gone);
    if (map != null) {
      map.remove(gone).onComplete(removed -> read());
    }
  }

  // Put again now and then even when unchanged: peers take a node's entry out when they think it left, and
  // one that was wrongly thought gone must come back without a change of its own.
  private Future<Void> publish(boolean tell) {
    String entry = ownEntry.get().encode();
    if (entry.equals(published) && System.nanoTime() - publishedAt < TimeUnit.MILLISECONDS.toNanos(REPUBLISH_MS)) {
      return Future.succeededFuture();
    }
    return map.put(node, entry).andThen(put -> {
      if (put.succeeded()) {
        published = entry;
        publishedAt = System.nanoTime();
        if (tell) {
          vertx.eventBus().publish(CHANGED, node);
        }
      } else {
        LOG.warn("Could not publish this node's directory entry: {}", put.cause().toString());
      }
    });
  }

  // One read at a time: an answer that comes after a later one would put an older snapshot back. A read
  // asked for meanwhile is made once this one is in.
  private Future<Void> read() {
    if (reading) {
      readAgain = true;
      return Future.succeededFuture();
    }
    reading = true;
    return map.entries().<Void>map(entries -> {
      Set<String> alive = members.get();
      directory.update(entries.values().stream().map(JsonObject::new).toList(), alive::contains);
      return null;
    }).onFailure(e -> LOG.warn("Could not read the workspace directory: {}", e.toString())).andThen(done -> {
      reading = false;
      if (readAgain) {
        readAgain = false;
        read();
      }
    });
  }

  /** Takes this node's entry out of the map and stops. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (map == null) {
      return Future.succeededFuture();
    }
    // The others hear at once, rather than routing here for a second more while this node's hosts stop.
    return Future.join(changes.unregister(), map.remove(node).andThen(removed -> vertx.eventBus().publish(CHANGED, node)))
      .mapEmpty();
  }
}
