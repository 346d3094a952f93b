package main

var profiles = []profile{
	{"level1-design.json", "v1.0.1", "item1", 0.12, 0.8, map[string]string{
		"projectDetailsRespondent":    "Alex Tremblay",
		"projectDetailsJob":           "Senior Product Owner",
		"ADMresponsible":              "Director General, Visitor Experience",
		"projectDetailsBranch":        "Visitor Experience Directorate",
		"projectDetailsTitle":         "Campground reservation reminder assistant",
		"projectDetailsProgram":       "Visitor services",
		"projectDetailsDescription":   "A rules-based assistant that flags incomplete campground reservations and sends a reminder to complete them. Staff review every reservation; the assistant never cancels one.",
	}},
	{"level2-implementation.json", "v1.0.1", "item2", 0.38, 0.75, map[string]string{
		"projectDetailsRespondent":  "Samira Haddad",
		"projectDetailsJob":         "Manager, Grants Modernization",
		"ADMresponsible":            "Assistant Deputy Minister, Programs",
		"projectDetailsBranch":      "Programs Branch",
		"projectDetailsTitle":       "Grant application completeness checker",
		"projectDetailsProgram":     "Community grants",
		"projectDetailsDescription": "Checks that community grant applications include every required document and routes complete files to program officers; incomplete files are returned with a list of missing items.",
	}},
	{"level3-design.json", "v1.0.1", "item1", 0.62, 0.3, map[string]string{
		"projectDetailsRespondent":  "Jordan Lee",
		"projectDetailsJob":         "Data Science Lead",
		"ADMresponsible":            "Director General, Benefits Integrity",
		"projectDetailsBranch":      "Benefits Integrity Branch",
		"projectDetailsTitle":       "Benefit overpayment risk scoring",
		"projectDetailsProgram":     "Income support benefits",
		"projectDetailsDescription": "A machine-learning model ranks benefit files by the risk of overpayment so that integrity officers review the riskiest files first. Officers make every decision.",
	}},
	{"level4-implementation.json", "v1.0.1", "item2", 0.8, 0.25, map[string]string{
		"projectDetailsRespondent":  "Marie-Claude Gagnon",
		"projectDetailsJob":         "Chief, Targeting Analytics",
		"ADMresponsible":            "Vice-President, Enforcement",
		"projectDetailsBranch":      "Enforcement Branch",
		"projectDetailsTitle":       "Automated licence suspension for safety violations",
		"projectDetailsProgram":     "Commercial transport safety",
		"projectDetailsDescription": "Suspends commercial operating licences automatically when sensor and inspection data show repeated safety violations; the operator is notified and may ask for a review.",
	}},
}
