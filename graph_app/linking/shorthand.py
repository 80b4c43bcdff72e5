"""How clinicians write conditions, and what the words mean for linking to ICD-10-CM.

Tables only; `text.py` applies them. Everything here was chosen against the ICD-10-CM tabular
titles: a synonym maps a clinical word onto the word the official titles use ("cancer" ->
"malignant neoplasm", "gastric" -> "stomach"), an acronym onto its spelled-out name.
"""

from __future__ import annotations

# Acronyms, matched on the words as written (upper case, so "ALL" but not "all", "MS" but not
# "ms"). Lower-case spellings that are not English words are accepted too (LOWER_OK).
ACRONYMS: dict[str, str] = {
    "ALL": "acute lymphoblastic leukemia",
    "B-ALL": "B-cell acute lymphoblastic leukemia",
    "AML": "acute myeloid leukemia",
    "APL": "acute promyelocytic leukemia",
    "CLL": "chronic lymphocytic leukemia",
    "SLL": "small lymphocytic lymphoma",
    "CML": "chronic myeloid leukemia",
    "CMML": "chronic myelomonocytic leukemia",
    "MDS": "myelodysplastic syndrome",
    "MM": "multiple myeloma",
    "NHL": "non-Hodgkin lymphoma",
    "HL": "Hodgkin lymphoma",
    "cHL": "classical Hodgkin lymphoma",
    "DLBCL": "diffuse large B-cell lymphoma",
    "FL": "follicular lymphoma",
    "MCL": "mantle cell lymphoma",
    "MZL": "marginal zone lymphoma",
    "PTCL": "peripheral T-cell lymphoma",
    "CTCL": "cutaneous T-cell lymphoma",
    "NSCLC": "non-small cell lung cancer",
    "SCLC": "small cell lung cancer",
    "HNSCC": "head and neck squamous cell carcinoma",
    "RCC": "renal cell carcinoma",
    "HCC": "hepatocellular carcinoma",
    "CRC": "colorectal cancer",
    "mCRC": "metastatic colorectal cancer",
    "mCRPC": "metastatic castration-resistant prostate cancer",
    "TNBC": "triple-negative breast cancer",
    "GIST": "gastrointestinal stromal tumor",
    "RA": "rheumatoid arthritis",
    "JIA": "juvenile idiopathic arthritis",
    "sJIA": "systemic juvenile idiopathic arthritis",
    "pJIA": "polyarticular juvenile idiopathic arthritis",
    "JRA": "juvenile rheumatoid arthritis",
    "PsA": "psoriatic arthritis",
    "AS": "ankylosing spondylitis",
    "SLE": "systemic lupus erythematosus",
    "GCA": "giant cell arteritis",
    "PMR": "polymyalgia rheumatica",
    "GPA": "granulomatosis with polyangiitis",
    "SSc": "systemic sclerosis",
    "CRS": "cytokine release syndrome",
    "MS": "multiple sclerosis",
    "RMS": "relapsing multiple sclerosis",
    "RRMS": "relapsing-remitting multiple sclerosis",
    "PPMS": "primary progressive multiple sclerosis",
    "SPMS": "secondary progressive multiple sclerosis",
    "NMOSD": "neuromyelitis optica",
    "MG": "myasthenia gravis",
    "gMG": "generalized myasthenia gravis",
    "ALS": "amyotrophic lateral sclerosis",
    "SMA": "spinal muscular atrophy",
    "CIDP": "chronic inflammatory demyelinating polyneuropathy",
    "UC": "ulcerative colitis",
    "CD": "Crohn's disease",
    "IBD": "inflammatory bowel disease",
    "IBS": "irritable bowel syndrome",
    "GERD": "gastro-esophageal reflux disease",
    "EoE": "eosinophilic esophagitis",
    "PNH": "paroxysmal nocturnal hemoglobinuria",
    "aHUS": "atypical hemolytic uremic syndrome",
    "ITP": "immune thrombocytopenic purpura",
    "TTP": "thrombotic thrombocytopenic purpura",
    "HAE": "hereditary angioedema",
    "AMD": "age-related macular degeneration",
    "nAMD": "neovascular age-related macular degeneration",
    "DME": "diabetic macular edema",
    "COPD": "chronic obstructive pulmonary disease",
    "CKD": "chronic kidney disease",
    "HS": "hidradenitis suppurativa",
    "AD": "atopic dermatitis",
}
# Acronyms that are also written in lower case and are not English words.
LOWER_OK = frozenset({
    "aml", "cll", "cml", "cmml", "mds", "nhl", "dlbcl", "nsclc", "sclc", "hnscc", "rcc", "hcc",
    "jia", "sjia", "pjia", "jra", "sle", "gca", "crs", "nmosd", "cidp", "pnh", "ahus", "itp",
    "copd", "ckd", "gerd", "eoe", "mcrpc", "tnbc", "gist", "ppms", "spms", "rrms", "dme",
})

# Clinical words -> the words ICD-10-CM titles use (applied to queries and titles alike, so
# both sides meet). Keys are lower case, matched as whole words; longest first.
SYNONYMS: dict[str, str] = {
    "cancer": "malignant neoplasm",
    "cancers": "malignant neoplasm",
    "carcinoma": "malignant neoplasm",
    "carcinomas": "malignant neoplasm",
    "adenocarcinoma": "malignant neoplasm",
    "malignancy": "malignant neoplasm",
    "tumour": "tumor",
    "leukaemia": "leukemia",
    "leukemic": "leukemia",
    "lymphocytic": "lymphocytic",
    "gastric": "stomach",
    "ovarian": "ovary",
    "pancreatic": "pancreas",
    "renal": "kidney",
    "hepatic": "liver",
    "hepatocellular": "liver cell",
    "pulmonary": "lung",
    "colonic": "colon",
    "rectal": "rectum",
    "colorectal": "colon",
    "esophageal": "esophagus",
    "oesophageal": "esophagus",
    "endometrial": "endometrium",
    "urothelial": "bladder",
    "cutaneous": "skin",
    "prostatic": "prostate",
    "cervical cancer": "malignant neoplasm cervix uteri",
    "thyroid cancer": "malignant neoplasm thyroid gland",
    "bladder cancer": "malignant neoplasm bladder",
    "breast cancer": "malignant neoplasm breast",
    "lung cancer": "malignant neoplasm lung",
    "crohn's": "crohn",
    "crohns": "crohn",
    "sjogren's": "sjogren",
    "alzheimer's": "alzheimer",
    "parkinson's": "parkinson",
    "hodgkin's": "hodgkin",
    "still's": "still",
    "juvenile idiopathic arthritis": "juvenile arthritis",
    "psoriatic arthritis": "arthropathic psoriasis",
    "acute myeloid leukemia": "acute myeloblastic leukemia",
    "myelogenous": "myeloid",
    "polyneuropathy": "polyneuritis",
    "lupus": "lupus erythematosus",
    "seizures": "epilepsy",
    "seizure disorder": "epilepsy",
    "neovascular": "exudative",
    "wet": "exudative",
    "idiopathic thrombocytopenic purpura": "immune thrombocytopenic purpura",
}

# Words before the disease that say how bad, how far or in whom it is, never which disease it
# is: they are left out of matching (the reasons say so) so they cannot pull in another disease.
QUALIFIER_WORDS = frozenset({
    "moderate", "moderately", "severe", "severely", "mild", "active", "persistent", "aggressive",
    "advanced", "locally", "metastatic", "unresectable", "resectable", "recurrent", "progressive",
    "relapsed", "refractory", "relapsing", "newly", "diagnosed", "previously", "untreated",
    "treated", "adult", "adults", "pediatric", "paediatric", "children", "adolescent", "patients",
    "patient", "early", "late", "stage", "high", "risk", "low", "intermediate", "positive",
    "negative", "cd19", "cd20", "cd22", "cd30", "cd33", "cd38", "her2", "pd", "l1", "egfr", "alk",
    "braf", "kras", "brca", "philadelphia", "chromosome", "ph", "precursor", "bcell", "tcell",
    "classical", "confirmed", "certain", "specific", "life", "threatening", "induced", "car",
    "first", "second", "line", "complete", "partial", "response", "minimal", "residual",
    "significant", "symptomatic", "generalized", "extended", "triple", "castration", "resistant",
    "nonsmall", "small", "cell", "bcr", "abl",
})

# Words of ICD-10-CM titles that say little about which disease: left out of the title's weight.
FILLER_WORDS = frozenset({
    "unspecified", "nos", "other", "specified", "type", "types", "site", "sites", "part",
    "parts", "classified", "elsewhere", "not", "multiple", "form", "forms",
})
# A title that opens with "Other" names the leftovers of its parent: a little less exact.
OTHER_PENALTY = 0.04

STOPWORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "with", "in", "on", "for", "to", "by", "as", "at", "from",
    "such", "including", "include", "includes", "due", "used", "use", "treat", "treatment",
    "treating", "therapy", "disease", "diseases", "who", "whose", "that", "which", "is", "are",
    "be", "been", "have", "has", "having", "its", "their", "into", "e", "g", "eg", "ie", "i",
    "some", "any", "all", "may", "can", "also", "than", "more", "one", "two", "age", "older",
    "years", "year", "diagnosis",
})
# "disease" is a stopword for matching but still marks a condition as named (Crohn's disease).

# Words that name a disease (the head of the phrase): a candidate title without the head of the
# query is penalised, so a shared qualifier ("B-cell") never outweighs a different disease.
DISEASE_HEADS = frozenset({
    "leukemia", "lymphoma", "myeloma", "neoplasm", "melanoma", "carcinoma", "sarcoma", "tumor",
    "arthritis", "arteritis", "spondylitis", "polyarthritis", "arthropathy", "syndrome",
    "sclerosis", "colitis", "crohn", "psoriasis", "dermatitis", "migraine", "headache", "epilepsy",
    "myasthenia", "neuromyelitis", "atrophy", "polyneuropathy", "neuropathy", "hemoglobinuria",
    "purpura", "angioedema", "degeneration", "edema", "lupus", "erythematosus", "polymyalgia",
    "vasculitis", "esophagitis", "reflux", "asthma", "urticaria", "hepatitis", "gout",
    "alzheimer", "parkinson", "dementia", "anemia", "hemophilia", "thrombocytopenia",
    "neutropenia", "osteoporosis", "diabetes", "hypertension", "infection", "fibrosis",
    "granulomatosis", "sjogren", "disorder", "failure", "insufficiency", "nephritis", "uveitis",
    "hidradenitis", "spondyloarthritis", "mastocytosis", "myelofibrosis", "polycythemia",
})

# Words in a stated text that say how deep to go under the concept found: the ICD-10-CM title
# wording of the child to pick. "relapsed or refractory" names two states: one link each.
REMISSION_STATES: tuple[tuple[str, str, str], ...] = (
    # (pattern in the text, words in the child title, reason)
    (r"\brelaps(?:ed|e|ing)\b(?!\s*-?\s*remitting)", "in relapse", "the text says relapsed"),
    (r"\bnot (?:having )?achieved remission\b|\bfailed remission\b|\brefractory\b",
     "not having achieved remission",
     "the text says refractory / not in remission (ICD-10-CM: failed remission)"),
    (r"\bin (?:(?:first|second|third|complete|partial|hematologic|morphologic|or|and)\s+)*remission\b",
     "in remission", "the text says in remission"),
)

# Where a stated text stops naming the disease and starts listing criteria.
CLAUSE_BREAKS = (
    r"\bnot adequately\b", r"\binadequate(?:ly)?\b", r"\bwho\b", r"\bwhose\b",
    r"\bthat (?:is|has|have|are)\b",
    r"\bafter\b", r"\bwhen\b", r"\bdespite\b", r"\bfollowing\b", r"\bin combination\b",
    r"\btogether with\b", r"\bin (?:adults?|children|patients|pediatric)\b", r"\bin the\b",
    r"\bas part of\b", r"\bwith (?:minimal|an? inadequate|inadequate|intolerance)\b",
    r"\bin first\b", r"\bin second\b", r"\bfor which\b", r"\bwhere\b", r"\bto reduce\b",
    r"\bwhen\b", r"\binduced by\b", r"\bcaused by\b", r"\b\d+ years?\b",
)
