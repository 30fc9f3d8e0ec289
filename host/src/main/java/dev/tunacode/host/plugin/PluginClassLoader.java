package dev.tunacode.host.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Loads one plugin jar. The host's API (core, Vert.x, Netty, Jackson, SLF4J) and the JDK always come
 * from the host, so that a plugin's tools speak the same types; everything else comes from the plugin
 * jar first, so that a plugin can bring its own version of a library without clashing with another's.
 */
final class PluginClassLoader extends URLClassLoader {

  private static final List<String> HOST_FIRST = List.of(
    "java.", "javax.", "jdk.", "sun.", "dev.tunacode.core.", "io.vertx.", "io.netty.",
    "com.fasterxml.jackson.", "org.slf4j.");

  PluginClassLoader(String name, URL jar, ClassLoader host) {
    super(name, new URL[] {jar}, host);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (fromHost(name)) {
          return super.loadClass(name, resolve);
        }
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
          return super.loadClass(name, resolve);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  private static boolean fromHost(String className) {
    for (String prefix : HOST_FIRST) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
