//! New objects no allowed change uses (rule `file_structure`): unused objects change nothing a
//! reader sees, and cross-reference or object streams are the update itself.

use super::*;

impl Ctx<'_, '_, '_> {
    pub(super) fn judge_added_leftovers(&mut self) {
        let mut unused = 0usize;
        let mut nums: Vec<u32> = self
            .diffs
            .values()
            .filter(|d| d.action == Action::Added && !self.claimed.contains(&d.num))
            .map(|d| d.num)
            .collect();
        nums.sort_unstable();
        for num in nums {
            let structural = self
                .diffs
                .get(&num)
                .and_then(|d| d.new.as_ref())
                .and_then(as_dict)
                .and_then(type_name_of)
                .is_some_and(|t| t == b"XRef" || t == b"ObjStm");
            if !structural {
                unused += 1;
            }
        }
        if unused > 0 {
            self.out.push(Judged::allowed(
                None,
                "added",
                Category::Structure,
                format!("{unused} new objects that no allowed change uses"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::Category;

    #[test]
    fn unused_new_objects_are_file_structure() {
        let judged = Doc::base()
            .update(&[(9, "<< /Unused true >>"), (10, "(nothing)")], &[], "")
            .judge();
        assert_allowed(
            &judged,
            "2 new objects that no allowed change uses",
            Category::Structure,
        );
        assert_all_allowed(&judged);
    }

    #[test]
    fn new_cross_reference_streams_are_not_counted() {
        let judged = Doc::base()
            .update(
                &[(
                    9,
                    "<< /Type /ObjStm /N 0 /First 0 /Length 0 >>\nstream\n\nendstream",
                )],
                &[],
                "",
            )
            .judge();
        assert!(judged.is_empty(), "{judged:#?}");
    }
}
