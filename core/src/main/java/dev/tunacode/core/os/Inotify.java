package dev.tunacode.core.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One inotify instance, read straight from its descriptor.
 * <p>
 * The JDK's {@code WatchService} reads inotify on a thread of its own and hands the events over some time
 * later, so whoever polls it cannot know whether a change already made has reached it. The kernel queues
 * a change's event before the system call that made the change returns; a {@link #drain} here reads
 * everything queued until that moment, so after it every change that had finished is in hand.
 * <p>
 * Not thread-safe: callers hold one lock around everything but {@link #await} and {@link #wake}.
 */
public final class Inotify implements AutoCloseable {

  public static final int IN_MODIFY = 0x2;
  public static final int IN_ATTRIB = 0x4;
  public static final int IN_CLOSE_WRITE = 0x8;
  public static final int IN_MOVED_FROM = 0x40;
  public static final int IN_MOVED_TO = 0x80;
  public static final int IN_CREATE = 0x100;
  public static final int IN_DELETE = 0x200;
  public static final int IN_DELETE_SELF = 0x400;
  public static final int IN_MOVE_SELF = 0x800;
  public static final int IN_UNMOUNT = 0x2000;
  public static final int IN_Q_OVERFLOW = 0x4000;
  public static final int IN_IGNORED = 0x8000;
  public static final int IN_ONLYDIR = 0x01000000;
  public static final int IN_DONT_FOLLOW = 0x02000000;
  public static final int IN_ISDIR = 0x40000000;

  /** {@code struct inotify_event} without its name: wd, mask, cookie, len. */
  private static final int HEADER = 16;
  /** Room for many events a read; one needs at most {@code HEADER + NAME_MAX + 1}. */
  private static final int BUFFER = 64 * 1024;
  private static final int POLLIN = 1;

  /**
   * One event.
   *
   * @param wd   the watch it came from, or -1 for {@link #IN_Q_OVERFLOW}
   * @param name the entry of the watched folder it is about, or null when it is about the folder itself
   */
  public record Event(int wd, int mask, int cookie, String name) {

    /** @return true when every bit of {@code flags} is set */
    public boolean is(int flags) {
      return (mask & flags) == flags;
    }
  }

  private final int fd;
  private final int wakeFd;
  // The buffers are fields so that they stay reachable: their memory is freed with them.
  private final ByteBuffer events = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
  private final long eventsAddress = address(events);
  /** Where {@link #await} reads the wake counter into. */
  private final ByteBuffer counter = ByteBuffer.allocateDirect(8);
  private final long counterAddress = address(counter);
  /** Holds 1 for {@link #wake}, which may run on any thread while {@link #await} reads into the counter. */
  private final ByteBuffer one = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putLong(0, 1);
  private final long oneAddress = address(one);
  private boolean closed;

  private Inotify(int fd, int wakeFd) {
    this.fd = fd;
    this.wakeFd = wakeFd;
  }

  private static long address(ByteBuffer direct) {
    return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
  }

  /**
   * @return a new instance, read without blocking
   * @throws PosixException {@code EMFILE} when the user's instances ({@code fs.inotify.max_user_instances})
   *                        are used up
   */
  public static Inotify open() throws PosixException {
    int fd;
    try {
      fd = Libc.inotify_init1(Posix.O_NONBLOCK | Posix.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new PosixException("inotify", e.getErrorCode());
    }
    try {
      return new Inotify(fd, Libc.eventfd(0, Posix.O_NONBLOCK | Posix.O_CLOEXEC));
    } catch (LastErrorException e) {
      Posix.close(fd);
      throw new PosixException("eventfd", e.getErrorCode());
    }
  }

  /**
   * Watches a folder, or changes what an existing watch of the same folder reports.
   *
   * @return the watch's descriptor: the same one for a folder already watched, under any name
   * @throws PosixException {@code ENOSPC} when the user's watches ({@code fs.inotify.max_user_watches}) are
   *                        used up; {@code ENOENT} or {@code ENOTDIR} when it is gone or not a folder
   */
  public int watch(Path folder, int mask) throws PosixException {
    try {
      return Libc.inotify_add_watch(fd, Posix.name(folder.toString()), mask);
    } catch (LastErrorException e) {
      throw new PosixException(folder.toString(), e.getErrorCode());
    }
  }

  /** Stops a watch; one the kernel has already dropped (its folder deleted) is left as it is. */
  public void unwatch(int wd) {
    try {
      Libc.inotify_rm_watch(fd, wd);
    } catch (LastErrorException alreadyGone) {
      // EINVAL: the kernel dropped it with its folder, and an IN_IGNORED is on its way.
    }
  }

  /** Hands every event queued now to {@code sink}, in order; never blocks. */
  public void drain(Consumer<Event> sink) throws PosixException {
    // A poll first: an empty queue is the common case, and a read of one fails with EAGAIN, an exception here.
    while (!closed && readable()) {
      long read;
      try {
        read = Libc.read(fd, eventsAddress, BUFFER);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EAGAIN) {
          return;
        }
        if (e.getErrorCode() == Errno.EINTR) {
          continue;
        }
        throw new PosixException("inotify", e.getErrorCode());
      }
      for (int at = 0; at + HEADER <= read; ) {
        int length = events.getInt(at + 12);
        sink.accept(new Event(events.getInt(at), events.getInt(at + 4), events.getInt(at + 8), name(at + HEADER, length)));
        at += HEADER + length;
      }
    }
  }

  /** @return true when an event is queued, not yet read; never blocks */
  public boolean pending() {
    return !closed && readable();
  }

  private boolean readable() {
    ByteBuffer fds = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    fds.putInt(0, fd).putShort(4, (short) POLLIN);
    try {
      return Libc.poll(fds.array(), 1, 0) > 0;
    } catch (LastErrorException interrupted) {
      return true; // EINTR: the read says
    }
  }

  // The name is NUL-padded to an alignment; an event about the folder itself has none.
  private String name(int from, int length) {
    int end = from;
    while (end < from + length && events.get(end) != 0) {
      end++;
    }
    if (end == from) {
      return null;
    }
    byte[] bytes = new byte[end - from];
    events.get(from, bytes);
    return new String(bytes, Posix.NAMES);
  }

  /**
   * Waits until an event is queued, {@link #wake} is called or the time is up. Does not read the events.
   *
   * @param timeoutMs how long at most; a negative value waits for an event or a wake alone
   * @return false when woken by {@link #wake} and not by an event
   */
  public boolean await(int timeoutMs) {
    ByteBuffer fds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    fds.putInt(0, fd).putShort(4, (short) POLLIN).putInt(8, wakeFd).putShort(12, (short) POLLIN);
    try {
      Libc.poll(fds.array(), 2, timeoutMs);
    } catch (LastErrorException interrupted) {
      return true; // EINTR: the caller looks and waits again
    }
    try {
      Libc.read(wakeFd, counterAddress, 8);
      return false;
    } catch (LastErrorException notWoken) {
      return true;
    }
  }

  /** Ends an {@link #await} under way, or the next one; from any thread. */
  public void wake() {
    try {
      Libc.write(wakeFd, oneAddress, 8);
    } catch (LastErrorException full) {
      // The counter is already past zero: the waiter wakes anyway.
    }
  }

  /** Closes both descriptors; every watch ends with them. Call it once nothing awaits or drains any more. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Posix.close(fd);
      Posix.close(wakeFd);
    }
  }
}
