package dev.prism.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Web sessions in Redis (profile {@code distributed}, Spring Session Data Redis) are JSON, not Java serialization:
 * Spring Data Redis' Jackson 3 serializer with Spring Security's Jackson modules, so a security context — password or
 * OpenID Connect login — is readable by every instance, by an operator, and by the next release. They live under
 * {@code spring.session.redis.namespace} ({@code prism:session:v2}), apart from the Java-serialized sessions of
 * earlier releases. A session that cannot be read is dropped (logged): its user logs in again, rather than meeting an
 * error on every request until the cookie expires.
 */
@Configuration(proxyBeanMethods = false)
@Profile("distributed")
class WebSessionConfiguration {

	/** Spring Session picks its serializer by this bean name. */
	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer() {
		return WebSessionSerializer.json(WebSessionConfiguration.class.getClassLoader());
	}

	@Bean
	SessionRepositoryCustomizer<RedisSessionRepository> unreadableWebSessionsDropped() {
		return repository -> repository.setRedisSessionMapper(new WebSessionMapper());
	}

}
