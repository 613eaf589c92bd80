package dev.prism.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, for tests tagged {@code redis}. Fails — never
 * skips — when the binary is missing: {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

	private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisServer(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/** Starts a fresh, empty, non-persistent Redis on loopback and waits until it accepts connections. */
	public static RedisServer start() {
		String binary = BINARIES.stream()
			.filter(path -> new File(path).canExecute())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"redis-server is not installed (apt-get install redis-server); .ci/run installs it"));
		try {
			int port = freePort();
			Path directory = Files.createTempDirectory("prism-redis");
			Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--dir", directory.toString(), "--protected-mode", "yes")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("redis.log").toFile())
				.start();
			RedisServer server = new RedisServer(process, port, directory);
			server.awaitReady(Duration.ofSeconds(10));
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
	}

	public int port() {
		return this.port;
	}

	public boolean isRunning() {
		return this.process.isAlive();
	}

	/** Stops the server (to test behaviour while Redis is down). */
	public void stop() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitReady(Duration timeout) {
		long until = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < until) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited: see " + this.directory.resolve("redis.log"));
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		throw new IllegalStateException("redis-server did not start within " + timeout);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
