package dev.prism.web;

import java.net.URL;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.jackson.SecurityJacksonModules;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * The values of a web session in Redis as JSON: Spring Security's Jackson modules name each value's class
 * ({@code @class}) and allow only the classes they know to be read back. A value that cannot be read (another
 * format, a class renamed or not allowed) becomes {@link #UNREADABLE}, so {@link WebSessionMapper} drops its session.
 */
final class WebSessionSerializer implements RedisSerializer<Object> {

	/** Stands for a value that could not be read; never written. */
	static final Object UNREADABLE = new Object() {
		@Override
		public String toString() {
			return "unreadable session value";
		}
	};

	/** The class of a JSON object in a token's claims, as Nimbus JOSE + JWT parses it (its shaded Gson). */
	private static final String NIMBUS_JSON_OBJECT = "com.nimbusds.jose.shaded.gson.internal.LinkedTreeMap";

	private static final Logger log = LoggerFactory.getLogger(WebSessionSerializer.class);

	private final RedisSerializer<Object> json;

	private WebSessionSerializer(RedisSerializer<Object> json) {
		this.json = json;
	}

	static WebSessionSerializer json(ClassLoader classLoader) {
		// Spring Security's modules allow their own types and the JDK's usual collections, but not everything an ID
		// token's claims are made of: its issuer is a java.net.URL (Spring Security's claim converters;
		// spring-security#19241), a whole number is a Long, and a claim that is a JSON object (Keycloak's
		// realm_access, address) stays the map Nimbus parsed it into. Without them, OpenID Connect sessions would be
		// unreadable.
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(URL.class)
			.allowIfSubType(Long.class)
			.allowIfSubType(NIMBUS_JSON_OBJECT);
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(classLoader, allowed))
			.build();
		// Read as Object, so the type validator vets the outermost class too (the generic serializer would read it as
		// whatever class the value names).
		return new WebSessionSerializer(new JacksonJsonRedisSerializer<>(mapper, Object.class));
	}

	@Override
	public byte[] serialize(@Nullable Object value) throws SerializationException {
		if (value == UNREADABLE) {
			throw new SerializationException("An unreadable session value is never written back");
		}
		return this.json.serialize(value);
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		try {
			return this.json.deserialize(bytes);
		}
		catch (SerializationException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			log.warn("A web session value cannot be read, its session is dropped: {}: {}",
					cause.getClass().getSimpleName(), cause.getMessage());
			return UNREADABLE;
		}
	}

}
