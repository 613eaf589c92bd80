package dev.prism.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import dev.prism.platform.problem.InvalidRequestException;

/** Properties of the caller-scoped idempotency keys, over thousands of generated inputs. */
class IdempotencyKeyPropertyTests {

	@Property
	void idempotencyKeysAreEitherScopedVerbatimOrRejected(@ForAll @StringLength(max = 200) String key) {
		try {
			assertThat(IdempotentRequests.scopedKey("acme", key)).isEqualTo("acme:" + key);
			assertThat(key).matches("[A-Za-z0-9._:-]{1,128}");
		}
		catch (InvalidRequestException rejected) {
			assertThat(key).doesNotMatch("[A-Za-z0-9._:-]{1,128}");
		}
	}

}
