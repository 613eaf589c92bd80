package dev.prism.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, for tests tagged {@code redis}; with a
 * password ({@code --requirepass}) when started by {@link #startWithPassword(String)}, as production runs it. Fails —
 * never skips — when the binary is missing: {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

	private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

	private final int port;

	private final String password;

	private final Path directory;

	private volatile Process process;

	private RedisServer(int port, String password, Path directory) {
		this.port = port;
		this.password = password;
		this.directory = directory;
	}

	/** Starts a fresh, empty, non-persistent Redis on loopback and waits until it accepts connections. */
	public static RedisServer start() {
		return start(null);
	}

	/** {@link #start()}, but every client must authenticate with {@code password} ({@code --requirepass}). */
	public static RedisServer startWithPassword(String password) {
		if (password == null || password.isEmpty()) {
			throw new IllegalArgumentException("A password is required");
		}
		return start(password);
	}

	private static RedisServer start(String password) {
		try {
			RedisServer server = new RedisServer(freePort(), password, Files.createTempDirectory("prism-redis"));
			server.launch();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
	}

	private void launch() throws IOException {
		String binary = BINARIES.stream()
			.filter(path -> new File(path).canExecute())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"redis-server is not installed (apt-get install redis-server); .ci/run installs it"));
		List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(),
				"--protected-mode", "yes"));
		if (this.password != null) {
			command.addAll(List.of("--requirepass", this.password));
		}
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("redis.log").toFile()))
			.start();
		awaitReady(Duration.ofSeconds(10));
	}

	public int port() {
		return this.port;
	}

	/** The password clients must give, or {@code null} when none is required. */
	public String password() {
		return this.password;
	}

	/** Starts a stopped server again, empty, on the same port and with the same password (Redis is back). */
	public void restart() {
		if (isRunning()) {
			throw new IllegalStateException("redis-server is still running");
		}
		try {
			launch();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not restart redis-server", ex);
		}
	}

	public boolean isRunning() {
		return this.process.isAlive();
	}

	/** Stops the server (to test behaviour while Redis is down). */
	public void stop() {
		Process process = this.process;
		process.destroy();
		try {
			process.waitFor();
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
