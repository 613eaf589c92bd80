package dev.prism.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.prism.platform.idempotency.IdempotencyStore.IdempotencyRecord;
import dev.prism.platform.problem.ConflictException;
import dev.prism.platform.problem.InvalidRequestException;
import dev.prism.platform.problem.UnprocessableRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a state-changing request idempotent per caller: the first request with a key runs, a replay with the same
 * body answers the original status and body with {@code Idempotent-Replayed: true}, the same key with another body is
 * 422, and a replay while the first is still running is 409. The key is scoped to the caller before it is stored or
 * sent upstream, so two callers can never collide.
 */
public class IdempotentRequests {

	/** Response header marking a replayed answer. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private final IdempotencyStore store;

	private final JsonMapper jsonMapper;

	private final Duration ttl;

	public IdempotentRequests(IdempotencyStore store, JsonMapper jsonMapper, Duration ttl) {
		this.store = store;
		this.jsonMapper = jsonMapper;
		this.ttl = ttl;
	}

	/**
	 * The caller-scoped key to use for this request and to send upstream: {@code <caller>:<key>}, or a fresh key when
	 * the client sent none.
	 * @throws InvalidRequestException when the client's key is malformed
	 */
	public static String scopedKey(String caller, String clientKey) {
		if (clientKey == null) {
			return caller + ":" + java.util.UUID.randomUUID();
		}
		if (!KEY.matcher(clientKey).matches()) {
			throw new InvalidRequestException("invalid-idempotency-key", "Invalid Idempotency-Key",
					"Idempotency-Key must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-'.");
		}
		return caller + ":" + clientKey;
	}

	/**
	 * Runs {@code action} at most once per {@code scopedKey}.
	 * @param scopedKey the caller-scoped key from {@link #scopedKey(String, String)}
	 * @param request the request body, fingerprinted to detect a key reused for another request
	 * @param answerType the type of the answer's body, to rebuild it on replay
	 * @param action the work, answering the status and body to remember
	 */
	public <T> ResponseEntity<T> execute(String scopedKey, Object request, Class<T> answerType,
			Supplier<ResponseEntity<T>> action) {
		String fingerprint = fingerprint(request);
		Optional<IdempotencyRecord> existing = this.store.claim(scopedKey, fingerprint, this.ttl);
		if (existing.isPresent()) {
			return replay(existing.get(), fingerprint, answerType);
		}
		ResponseEntity<T> answer;
		try {
			answer = action.get();
		}
		catch (RuntimeException ex) {
			this.store.release(scopedKey);
			throw ex;
		}
		String body = this.jsonMapper.writeValueAsString(answer.getBody());
		this.store.complete(scopedKey, new IdempotencyRecord(fingerprint, true, answer.getStatusCode().value(), body),
				this.ttl);
		return answer;
	}

	private <T> ResponseEntity<T> replay(IdempotencyRecord record, String fingerprint, Class<T> answerType) {
		if (!record.fingerprint().equals(fingerprint)) {
			throw new UnprocessableRequestException("idempotency-key-reused", "Idempotency key reused",
					"This Idempotency-Key was already used with a different request body.");
		}
		if (!record.completed()) {
			throw new ConflictException("idempotency-in-progress", "Request in progress",
					"A request with this Idempotency-Key is still being processed. Retry shortly.");
		}
		T body = this.jsonMapper.readValue(record.body(), answerType);
		return ResponseEntity.status(HttpStatus.valueOf(record.status())).header(REPLAYED_HEADER, "true").body(body);
	}

	private String fingerprint(Object request) {
		try {
			byte[] json = this.jsonMapper.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
