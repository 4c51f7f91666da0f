package analysis

// RulesVersion is the version of the analysis rules: raise it by one in the change that alters
// what Summarize, AnalyzeVariants or AnalyzeSeason give for some activity (a moving-time rule,
// a classifier threshold, a reason's wording). A stored analysis records the version that
// made it, and one made under an older version is made again from the stored samples (README
// "Upgrades"). TestAnalysisRulesVersion fails when the results changed and this did not;
// `go test ./analysis -run TestAnalysisRulesVersion -update` then records the new results.
const RulesVersion = 5 // 2: aerobic decoupling (Effort.Decoupling); 3: reasons as data (Reason{Code, Values, Words, Classes}), worded by report; 4: hills, the easy ceiling; 5: distance streams' net progress, TCX laps without points (issue 11)
