package dev.prism.platform.apidocs;

import org.springdoc.core.customizers.PropertyCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every channel's generated API docs share. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	/** The API docs say which view properties may be null. */
	@Bean
	PropertyCustomizer nullableViewProperties() {
		return ProblemSchemas.nullableWhenAlwaysIncluded();
	}

}
