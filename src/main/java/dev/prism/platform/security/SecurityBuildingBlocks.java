package dev.prism.platform.security;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;

/** The attempt throttles the channels' logins share, and the start-up check of production settings. */
@Configuration(proxyBeanMethods = false)
class SecurityBuildingBlocks {

	@Bean
	AttemptThrottles attemptThrottles() {
		return new AttemptThrottles(Clock.systemUTC());
	}

	@Bean
	@Profile("prod")
	static ProductionSafetyCheck productionSafetyCheck(ConfigurableEnvironment environment) {
		return new ProductionSafetyCheck(environment);
	}

}
