package dev.prism.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.problem.ConflictException;
import dev.prism.platform.problem.InvalidRequestException;
import dev.prism.platform.problem.UnprocessableRequestException;

class IdempotentRequestsTests {

	record Body(List<String> skus) {
	}

	record Answer(String id) {
	}

	private final IdempotentRequests requests = new IdempotentRequests(new InMemoryIdempotencyStore(100_000),
			JsonMapper.builder().build(), Duration.ofHours(1));

	private final AtomicInteger executions = new AtomicInteger();

	private ResponseEntity<Answer> place() {
		return ResponseEntity.status(HttpStatus.CREATED).body(new Answer("o-" + this.executions.incrementAndGet()));
	}

	@Test
	void replaysTheFirstAnswerForTheSameKeyAndBody() {
		ResponseEntity<Answer> first = this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class,
				this::place);
		ResponseEntity<Answer> second = this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class,
				this::place);

		assertThat(this.executions).hasValue(1);
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(second.getBody()).isEqualTo(first.getBody());
		assertThat(second.getHeaders().getFirst(IdempotentRequests.REPLAYED_HEADER)).isEqualTo("true");
		assertThat(first.getHeaders().getFirst(IdempotentRequests.REPLAYED_HEADER)).isNull();
	}

	@Test
	void rejectsTheSameKeyWithAnotherBody() {
		this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class, this::place);

		assertThatThrownBy(() -> this.requests.execute("c-1:k1", new Body(List.of("B")), Answer.class, this::place))
			.isInstanceOfSatisfying(UnprocessableRequestException.class,
					ex -> assertThat(ex.kind()).isEqualTo("idempotency-key-reused"));
		assertThat(this.executions).hasValue(1);
	}

	@Test
	void keysOfDifferentCallersNeverCollide() {
		this.requests.execute(IdempotentRequests.scopedKey("acme", "k1"), new Body(List.of("A")), Answer.class,
				this::place);
		this.requests.execute(IdempotentRequests.scopedKey("globex", "k1"), new Body(List.of("A")), Answer.class,
				this::place);

		assertThat(this.executions).hasValue(2);
	}

	@Test
	void releasesTheKeyWhenTheWorkFailsSoARetryRuns() {
		assertThatThrownBy(() -> this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class, () -> {
			throw new IllegalStateException("upstream down");
		})).isInstanceOf(IllegalStateException.class);

		ResponseEntity<Answer> retry = this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class,
				this::place);
		assertThat(retry.getBody().id()).isEqualTo("o-1");
	}

	@Test
	void aReplayWhileTheFirstRunsIsAConflict() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		Thread first = new Thread(() -> this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class, () -> {
			started.countDown();
			await(finish);
			return place();
		}));
		first.start();
		started.await();

		assertThatThrownBy(() -> this.requests.execute("c-1:k1", new Body(List.of("A")), Answer.class, this::place))
			.isInstanceOf(ConflictException.class);

		finish.countDown();
		first.join();
		assertThat(this.executions).hasValue(1);
	}

	@Test
	void scopesKeysAndRejectsMalformedOnes() {
		assertThat(IdempotentRequests.scopedKey("c-1001", "abc-123")).isEqualTo("c-1001:abc-123");
		assertThat(IdempotentRequests.scopedKey("c-1001", null)).startsWith("c-1001:").hasSizeGreaterThan(20);
		assertThatThrownBy(() -> IdempotentRequests.scopedKey("c-1001", "bad key\n"))
			.isInstanceOf(InvalidRequestException.class);
		assertThatThrownBy(() -> IdempotentRequests.scopedKey("c-1001", "x".repeat(129)))
			.isInstanceOf(InvalidRequestException.class);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
