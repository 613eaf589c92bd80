package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The app version comparison is a total order consistent with the numbers it is made of. */
class MobileAppVersionPropertyTests {

	@Property
	void versionsCompareLikeTheirNumbers(@ForAll @IntRange(max = 999) int major, @ForAll @IntRange(max = 999) int minor,
			@ForAll @IntRange(max = 999) int patch, @ForAll @IntRange(max = 999) int otherMinor) {
		int[] version = MobileAppVersionFilter.parse(major + "." + minor + "." + patch);
		int[] other = MobileAppVersionFilter.parse(major + "." + otherMinor);
		assertThat(Integer.signum(MobileAppVersionFilter.compare(version, other)))
			.isEqualTo(minor != otherMinor ? Integer.signum(Integer.compare(minor, otherMinor))
					: Integer.signum(Integer.compare(patch, 0)));
		assertThat(MobileAppVersionFilter.compare(version, version)).isZero();
	}

}
