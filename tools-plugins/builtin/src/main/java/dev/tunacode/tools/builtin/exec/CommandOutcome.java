package dev.tunacode.tools.builtin.exec;

/**
 * How a command ended.
 *
 * @param exitCode the exit code; 128 + the signal when it was killed
 * @param timedOut true when it ran past its time limit and its process group was killed
 * @param cancelled true when its call was cancelled and its process group was killed
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
record CommandOutcome(int exitCode, boolean timedOut, boolean cancelled, CapturedText stdout, CapturedText stderr) {

  boolean truncated() {
    return !stdout.complete() || !stderr.complete();
  }
}
