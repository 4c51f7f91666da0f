package importer

import "flag"

// Update is the tests' -update flag: rewrite the files in testdata that the tests compare with
// instead of failing on a difference. It is declared here, in package importer, so that the
// tests of both packages, importer (TestFuzzSeeds) and importer_test (TestRulesVersion), can
// read the one flag (a second flag of the same name in the same test binary would panic).
var Update = flag.Bool("update", false,
	"record the decoding results of TestRulesVersion in testdata/rules.golden, and write the fuzz seeds of TestFuzzSeeds to testdata/fuzzseeds/")
