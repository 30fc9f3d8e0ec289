package dev.tunacode.core.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library calls the workspace needs and the JDK does not offer: the {@code *at} family, which
 * works relative to an open folder, {@code openat2}, {@code statx} (whose layout is the same on every
 * architecture), {@code kill} on a process group, and inotify read straight from its descriptor.
 * Direct-mapped through JNA, whose cost per call is a few hundred nanoseconds. A failure throws
 * {@link LastErrorException} carrying {@code errno}.
 */
final class Libc {

  static {
    Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private Libc() {
  }

  static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native long read(int fd, long buffer, long count) throws LastErrorException;

  static native long write(int fd, long buffer, long count) throws LastErrorException;

  static native int fsync(int fd) throws LastErrorException;

  static native int fchmod(int fd, int mode) throws LastErrorException;

  static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

  static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
    throws LastErrorException;

  static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath) throws LastErrorException;

  static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

  static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size) throws LastErrorException;

  static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buffer) throws LastErrorException;

  /** {@code syscall(SYS_openat2, dirfd, path, how, size)}: glibc has no wrapper for it. */
  static native long syscall(long number, int dirfd, byte[] path, byte[] how, long size) throws LastErrorException;

  static native int faccessat(int dirfd, byte[] path, int mode, int flags) throws LastErrorException;

  static native int kill(int pid, int signal) throws LastErrorException;

  static native int inotify_init1(int flags) throws LastErrorException;

  static native int inotify_add_watch(int fd, byte[] path, int mask) throws LastErrorException;

  static native int inotify_rm_watch(int fd, int wd) throws LastErrorException;

  static native int eventfd(int initval, int flags) throws LastErrorException;

  static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

  static native int statfs(byte[] path, byte[] buf) throws LastErrorException;

  /** {@code fds} is an array of {@code struct pollfd}: an int and two shorts each. */
  static native int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;
}
