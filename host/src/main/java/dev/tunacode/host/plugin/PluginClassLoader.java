package dev.tunacode.host.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads one plugin jar. A plugin sees the JDK, and of the host only its API: the SPI
 * ({@code dev.tunacode.core.spi}), Vert.x, Netty, Jackson and SLF4J, so that its tools speak the host's
 * types. Those always come from the host; everything else comes from the jar alone, so that a plugin can
 * bring its own version of a library, and cannot reach the rest of the host (its core, its command line,
 * its libraries) at all.
 */
final class PluginClassLoader extends URLClassLoader {

  private static final List<String> HOST_API = List.of(
    "dev.tunacode.core.spi.", "io.vertx.", "io.netty.", "com.fasterxml.jackson.", "org.slf4j.");

  private final ClassLoader host;

  /**
   * @param jar  the plugin's private copy
   * @param host the loader the host's API comes from
   */
  PluginClassLoader(String name, URL jar, ClassLoader host) {
    super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = hostApi(name) ? host.loadClass(name) : ownThenJdk(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> ownThenJdk(String name) throws ClassNotFoundException {
    if (name.startsWith("java.")) {
      return getParent().loadClass(name);
    }
    try {
      return findClass(name);
    } catch (ClassNotFoundException notInJar) {
      return getParent().loadClass(name);
    }
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    if (own != null) {
      return uncached(own);
    }
    return hostApi(asClassName(name)) ? host.getResource(name) : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>();
    for (URL own : Collections.list(findResources(name))) {
      all.add(uncached(own));
    }
    if (hostApi(asClassName(name))) {
      all.addAll(Collections.list(host.getResources(name)));
    }
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }

  // A jar: URL opened with caching on keeps its JarFile open in the JDK's cache after the stream is closed,
  // and so after this loader is closed; a plugin reading its own resources must not pin its jar.
  private static URL uncached(URL own) {
    try {
      return new URL(null, own.toExternalForm(), UNCACHED);
    } catch (MalformedURLException e) {
      return own;
    }
  }

  private static final URLStreamHandler UNCACHED = new URLStreamHandler() {
    @Override
    protected URLConnection openConnection(URL url) throws IOException {
      URLConnection connection = new URL(url.toExternalForm()).openConnection();
      connection.setUseCaches(false);
      return connection;
    }
  };

  private static String asClassName(String resource) {
    return resource.replace('/', '.');
  }

  private static boolean hostApi(String className) {
    for (String prefix : HOST_API) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
