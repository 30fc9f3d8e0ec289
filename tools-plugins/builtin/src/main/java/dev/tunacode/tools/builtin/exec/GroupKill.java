package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Stops a command as a whole: its shell, every process of its group, every descendant that left the
 * group (a {@code setsid} of its own), and every process that left the tree too: one started by a
 * subshell that then exited, {@code (setsid cmd &)}, belongs to init, not to the shell. Those are found by
 * the mark every process of the command inherits in its environment ({@link #MARK}), read from
 * {@code /proc}; only a process that cleared its environment ({@code env -i}) escapes that. Signalling
 * them one by one let the shell go on with its script
 * while its child died first ({@code sleep 3; echo late > after.txt} wrote after.txt after a "timeout"),
 * so the order is:
 * <ol>
 *   <li>freeze them all with {@code SIGSTOP}, which cannot be caught, so that nothing runs, forks or
 *   goes on with a script while they are looked up (looking again until no new one appears);</li>
 *   <li>kill the shell with {@code SIGKILL}, so that no further line of its script ever runs;</li>
 *   <li>send the rest {@code SIGTERM} and let them run again ({@code SIGCONT}) to end cleanly;</li>
 *   <li>after a short grace, {@code SIGKILL} whatever is left, such as a process that ignores TERM.</li>
 * </ol>
 * Blocking (for at most the grace): run it on the shared pool.
 */
final class GroupKill {

  static final long GRACE_MS = 500;
  /** The environment variable that marks every process of one command with the command's own token. */
  static final String MARK = "TUNACODE_RUN";

  private static final int LOOKS = 5;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private GroupKill() {
  }

  /** Stops the command whose shell is {@code shell}, the leader of its own process group, marked with {@code token}. */
  static void stop(Process shell, String token) {
    int group = (int) shell.pid();
    signal(-group, Posix.SIGSTOP);
    Set<ProcessHandle> rest = frozenTree(shell, token);
    signal(group, Posix.SIGKILL);
    signal(-group, Posix.SIGTERM);
    rest.forEach(process -> signal((int) process.pid(), Posix.SIGTERM));
    signal(-group, Posix.SIGCONT);
    rest.forEach(process -> signal((int) process.pid(), Posix.SIGCONT));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
    while (rest.stream().anyMatch(GroupKill::running) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    signal(-group, Posix.SIGKILL);
    rest.forEach(process -> signal((int) process.pid(), Posix.SIGKILL));
  }

  /** Kills at once whatever is left of a command that has ended: its group, the descendants it left, the marked. */
  static void killLeftovers(Process shell, String token) {
    int group = (int) shell.pid();
    shell.descendants().forEach(process -> signal((int) process.pid(), Posix.SIGKILL));
    Marked.find(token).forEach(process -> signal((int) process.pid(), Posix.SIGKILL));
    signal(-group, Posix.SIGKILL);
  }

  // The tree is read from /proc; a process forked while it was read is found by the next look, and
  // once every process found is stopped no new one can appear.
  private static Set<ProcessHandle> frozenTree(Process shell, String token) {
    Set<ProcessHandle> found = new LinkedHashSet<>();
    for (int look = 0; look < LOOKS; look++) {
      int before = found.size();
      Stream.concat(shell.descendants(), Marked.find(token).stream()).forEach(process -> {
        if (process.pid() != shell.pid() && found.add(process)) {
          signal((int) process.pid(), Posix.SIGSTOP);
        }
      });
      if (found.size() == before && look > 0) {
        break;
      }
    }
    return found;
  }

  // A killed child whose parent is gone waits for its new parent to reap it; where that is a container's
  // first process that reaps nothing, it stays a zombie, alive to ProcessHandle, and the grace ran out
  // in full on every stop. A zombie runs nothing.
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false; // gone, or its pid taken by another process since (isAlive checks the start time)
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException | RuntimeException unreadable) {
      return process.isAlive();
    }
  }

  private static void signal(int pid, int signal) {
    try {
      Posix.kill(pid, signal);
    } catch (PosixException gone) {
      // ESRCH: it has ended already, which is what was wanted.
    }
  }
}
