package dev.prism.testing;

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Makes every {@code MockMvc} that {@code @AutoConfigureMockMvc} (and so {@code @WebMvcTest}) builds validate each
 * answer against the committed contracts: listed in this module's
 * {@code META-INF/spring/org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc.imports}, so no
 * test has to ask for it. Not annotated as a configuration, so that component scanning (which reaches test classes
 * under {@code dev.prism}) does not register it a second time; importing it is enough for its {@code @Bean}.
 */
public class ContractValidationMockMvcConfiguration {

	@Bean
	MockMvcBuilderCustomizer contractValidation() {
		return builder -> builder.alwaysDo(ContractValidation.mockMvc());
	}

}
