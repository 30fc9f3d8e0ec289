package dev.tunacode.core.registry;

/**
 * Runs a plugin's own code with the plugin's class loader as the thread's context loader, and puts the
 * thread's own back after: a library a plugin bundles may look up its classes and services there.
 */
public final class PluginClassLoaders implements AutoCloseable {

  private final Thread thread;
  private final ClassLoader own;

  private PluginClassLoaders(Object plugin) {
    this.thread = Thread.currentThread();
    this.own = thread.getContextClassLoader();
    thread.setContextClassLoader(plugin.getClass().getClassLoader());
  }

  /** @param plugin a plugin, or a tool of one, whose loader the code is to see; close it when the code returns */
  public static PluginClassLoaders enter(Object plugin) {
    return new PluginClassLoaders(plugin);
  }

  @Override
  public void close() {
    thread.setContextClassLoader(own);
  }
}
