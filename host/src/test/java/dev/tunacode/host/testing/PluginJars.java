package dev.tunacode.host.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds plugin jars in a test: compiles Java sources with the JDK's compiler against the test's class
 * path (so against the SPI, and against anything else a plugin should not reach), then packs the classes,
 * a services file naming the plugin and a manifest, as a plugin author's build would.
 */
public final class PluginJars {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final Map<String, byte[]> extra = new LinkedHashMap<>();
  private String plugin;

  /** @param source a whole compilation unit; its class name is read from its package and first public type */
  public PluginJars source(String source) {
    sources.put(className(source), source);
    return this;
  }

  /** Names the class to list in {@code META-INF/services/dev.tunacode.core.spi.ToolPlugin}. */
  public PluginJars plugin(String className) {
    this.plugin = className;
    return this;
  }

  public PluginJars manifest(String key, String value) {
    manifest.put(key, value);
    return this;
  }

  /** Puts a file in the jar as it is, such as a services file that names a class the jar lacks. */
  public PluginJars file(String name, String content) {
    extra.put(name, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Puts compiled classes of the test's class path in the jar, with their nested classes: a plugin made of
   * test tools another module already has, such as core's probes.
   */
  public PluginJars compiled(Class<?>... types) throws IOException {
    for (Class<?> type : types) {
      String path = type.getName().replace('.', '/');
      String folder = path.substring(0, path.lastIndexOf('/') + 1);
      String simple = path.substring(folder.length());
      Path source = Path.of(java.net.URI.create(type.getProtectionDomain().getCodeSource().getLocation().toString()));
      if (Files.isDirectory(source)) {
        try (Stream<Path> files = Files.list(source.resolve(folder))) {
          for (Path file : files.toList()) {
            String name = file.getFileName().toString();
            if (name.equals(simple + ".class") || name.startsWith(simple + "$")) {
              extra.put(folder + name, Files.readAllBytes(file));
            }
          }
        }
      } else {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(source.toFile())) {
          for (JarEntry entry : java.util.Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.equals(path + ".class") || name.startsWith(path + "$")) {
              extra.put(name, jar.getInputStream(entry).readAllBytes());
            }
          }
        }
      }
    }
    return this;
  }

  /**
   * Compiles and packs.
   *
   * @param jar where to write the jar
   * @param leaveOut classes compiled but left out of the jar, as a build that forgot a dependency would
   */
  public Path build(Path jar, String... leaveOut) throws IOException {
    Path work = Files.createTempDirectory("plugin-build-");
    try {
      Path src = Files.createDirectories(work.resolve("src"));
      Path classes = Files.createDirectories(work.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
        "--release", "17", "-proc:none", "-nowarn"));
      for (Map.Entry<String, String> unit : sources.entrySet()) {
        Path file = src.resolve(unit.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, unit.getValue());
        args.add(file.toString());
      }
      if (!sources.isEmpty()) {
        compile(args);
      }
      List<String> omitted = List.of(leaveOut);
      writeJar(jar, classes, omitted);
      return jar;
    } finally {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void compile(List<String> args) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = compiler.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("the plugin's sources do not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
  }

  private void writeJar(Path jar, Path classes, List<String> omitted) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.forEach(mf.getMainAttributes()::putValue);
    try (OutputStream target = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(target, mf)) {
      try (Stream<Path> all = Files.walk(classes)) {
        for (Path path : all.filter(Files::isRegularFile).sorted().toList()) {
          String name = classes.relativize(path).toString();
          String className = name.replace('/', '.').replaceAll("(\\$.*)?\\.class$", "");
          if (!omitted.contains(className)) {
            put(out, name, Files.readAllBytes(path));
          }
        }
      }
      if (plugin != null) {
        put(out, "META-INF/services/dev.tunacode.core.spi.ToolPlugin", (plugin + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> file : extra.entrySet()) {
        put(out, file.getKey(), file.getValue());
      }
    }
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }

  private static String className(String source) {
    java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("package\\s+([\\w.]+)\\s*;").matcher(source);
    java.util.regex.Matcher type = java.util.regex.Pattern.compile("public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)")
      .matcher(source);
    if (!type.find()) {
      throw new IllegalArgumentException("no public type in the source");
    }
    return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
  }
}
